import { test } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "../../platform/random.ts";
import {
  EXACT_TYPE_BONUS,
  TextIndex,
  TextIndexBuilder,
  foldDiacritics,
  foldPlural,
  parseQuery,
  thaiUnits,
  tokenize,
  type SearchResult,
} from "./text-index.ts";
import { LANGS, composeTitle, leafCategories, modifiersFor, type Modifier, type Term } from "./vocabulary.ts";

interface Doc {
  titles: string[];
  types: string[];
}

function build(docs: readonly Doc[]): TextIndex {
  const b = new TextIndexBuilder();
  docs.forEach((d, i) => b.add(i, d.titles, d.types));
  return b.build();
}

function ids(r: SearchResult): number[] {
  return Array.from(r.docIds);
}

// ---------------------------------------------------------------------------------------------------
// Tokenization

test("Han runs give character unigrams and bigrams", () => {
  assert.deepEqual(tokenize("手机壳"), ["手", "机", "手机", "壳", "机壳"]);
  // runs are split by other scripts and spaces: no bigram across them
  assert.deepEqual(tokenize("小米 5G手机"), ["小", "米", "小米", "5g", "5", "g", "手", "机", "手机"]);
  // characters outside the BMP are Han characters too
  assert.deepEqual(tokenize("𠀋手"), ["𠀋", "手", "𠀋手"]);
});

test("Thai runs give bigrams of grapheme-ish units, without a dictionary", () => {
  assert.deepEqual(thaiUnits("เคสโทรศัพท์"), ["เค", "ส", "โท", "ร", "ศั", "พ", "ท์"]);
  assert.deepEqual(thaiUnits("น้ำหอม"), ["น้ำ", "ห", "อ", "ม"]);
  assert.deepEqual(thaiUnits("สีแดง"), ["สี", "แด", "ง"]);
  assert.deepEqual(tokenize("สีแดง"), ["สีแด", "แดง"]);
  // a one-unit run is indexed as the unit itself (marked)
  assert.deepEqual(tokenize("สี"), ["\u0002สี"]);
  // the two typing orders of a vowel sign and a tone mark give the same unit
  assert.deepEqual(thaiUnits("ที่นอน"), thaiUnits("ท\u0e48\u0e35นอน"));
  // nikhahit + sara aa is sara am
  assert.deepEqual(thaiUnits("น\u0e49\u0e4d\u0e32"), thaiUnits("น้ำ"));
  // a Thai word inside a longer run yields the same bigrams
  const word = new Set(tokenize("โทรศัพท์"));
  const inRun = new Set(tokenize("เคสโทรศัพท์ซิลิโคน"));
  for (const t of word) assert.ok(inRun.has(t), t);
});

test("Latin and Vietnamese words: lower case, NFC, diacritic folding, plural folding, digits", () => {
  assert.deepEqual(tokenize("Váy đầm"), ["váy", "vay", "đầm", "dam"]);
  // decomposed input (NFD) gives the same tokens
  assert.deepEqual(tokenize("Váy đầm".normalize("NFD")), tokenize("Váy đầm"));
  assert.equal(foldDiacritics("Điện thoại"), "Dien thoai".replace("D", "d"));
  for (const [plural, singular] of [
    ["dresses", "dress"],
    ["shoes", "shoe"],
    ["batteries", "battery"],
    ["watches", "watch"],
    ["boxes", "box"],
    ["glasses", "glass"],
    ["cases", "case"],
    ["dress", "dress"],
    ["bus", "bus"],
  ] as const) {
    assert.equal(foldPlural(plural), singular, plural);
  }
  assert.deepEqual(tokenize("256GB 16G 1.5m"), ["256gb", "256", "gb", "16g", "16", "g", "1.5m", "1.5", "m"]);
  assert.deepEqual(tokenize("Women's T-shirts"), ["women", "t", "shirt", "tshirt"]);
  assert.deepEqual(tokenize("case for the phone"), ["case", "phone"]);
  assert.deepEqual(tokenize("iPhone15手机壳"), ["iphone15", "iphone", "15", "手", "机", "手机", "壳", "机壳"]);
  assert.deepEqual(tokenize("ＵＳＢ"), ["usb"]);
  assert.deepEqual(tokenize("  ,.;!  "), []);
});

test("query clauses: one per word, one coverage clause per Han/Thai run", () => {
  const q = parseQuery("纯棉连衣裙 red");
  assert.equal(q.clauses.length, 2);
  const han = q.clauses[0]!;
  assert.equal(han.full, 0b11111);
  const mask = new Map(han.tokens.map((t, i) => [t, han.masks[i]!]));
  assert.equal(mask.get("纯棉"), 0b00011);
  assert.equal(mask.get("棉连"), 0b00110);
  assert.equal(mask.get("衣裙"), 0b11000);
  // first and last character may be covered alone (runs of 4+)
  assert.equal(mask.get("纯"), 0b00001);
  assert.equal(mask.get("裙"), 0b10000);
  assert.deepEqual(q.clauses[1], { tokens: ["red"], masks: [1], full: 1 });
  assert.deepEqual(parseQuery("手机壳").clauses[0]!.tokens, ["手机", "机壳"]);
  assert.deepEqual(parseQuery("   ").clauses, []);
});

test("the builder's fast path indexes exactly the tokens of tokenize()", () => {
  const texts = [
    "新款 Xiaomi 14 Pro 5G手机 送手机壳 𠀋𠀋手 ﹏ 256GB",
    "ชุดเดรส ผู้หญิง ผ้าฝ้ายแท้ สีขาว น้ำหอม ๆ",
    "Váy đầm nữ cotton nguyên chất màu trắng — T-shirt's, 1.5L",
  ];
  const index = build([{ titles: texts, types: [] }]);
  const expected = new Set(texts.flatMap((t) => tokenize(t)));
  assert.equal(index.termCount, expected.size);
  for (const token of expected) assert.equal(index.documentFrequency(token), 1, token);
});

// ---------------------------------------------------------------------------------------------------
// Matching

test("Han/Thai coverage: word-boundary bigrams may be missing, characters may not", () => {
  const index = build([
    { titles: ["夏季纯棉碎花连衣裙"], types: ["连衣裙"] }, // 0
    { titles: ["纯色碎花连衣裙"], types: ["连衣裙"] }, // 1: has 纯 but not cotton
    { titles: ["女士纯棉连衣裙"], types: ["连衣裙"] }, // 2
    { titles: ["小米手机 金属外壳"], types: ["手机"] }, // 3: has 机 and 壳, not 机壳
    { titles: ["ขาตั้งโทรศัพท์"], types: ["ขาตั้งโทรศัพท์"] }, // 4
    { titles: ["เคสโทรศัพท์ ซิลิโคน"], types: ["เคสโทรศัพท์"] }, // 5
    { titles: ["กระเป๋า ผ้าฝ้ายแท้ สีแดง"], types: ["กระเป๋า"] }, // 6
  ]);
  assert.deepEqual(ids(index.match("纯棉连衣裙")), [0, 2]);
  assert.deepEqual(ids(index.match("连衣裙")), [0, 1, 2]);
  assert.deepEqual(ids(index.match("连衣裙女")), [2]);
  assert.deepEqual(ids(index.match("夏季纯棉连衣裙")), [0]);
  assert.deepEqual(ids(index.match("手机壳")), []);
  assert.deepEqual(ids(index.match("机壳")), []);
  assert.deepEqual(ids(index.match("手机")), [3]);
  assert.deepEqual(ids(index.match("壳")), [3]);
  assert.deepEqual(ids(index.match("เคสโทรศัพท์")), [5]);
  assert.deepEqual(ids(index.match("โทรศัพท์")), [4, 5]);
  // one-unit Thai queries: the unit alone or inside any bigram
  assert.deepEqual(ids(index.match("ผ้า")), [6]);
  assert.deepEqual(ids(index.match("สี")), [6]);
  assert.deepEqual(ids(index.match("ผ้า สีแดง")), [6]);
});

test("Latin queries need every word; Vietnamese with or without diacritics; plurals", () => {
  const index = build([
    { titles: ["red cotton dress", "Váy đầm cotton màu đỏ"], types: ["dress", "váy đầm"] },
    { titles: ["blue cotton dress", "Váy đầm cotton màu xanh"], types: ["dress", "váy đầm"] },
    { titles: ["red leather shoes", "Giày da màu đỏ"], types: ["leather shoes", "giày da"] },
  ]);
  assert.deepEqual(ids(index.match("red dress")), [0]);
  assert.deepEqual(ids(index.match("Dresses")), [0, 1]);
  assert.deepEqual(ids(index.match("red shoe")), [2]);
  assert.deepEqual(ids(index.match("red dress shoes")), []);
  assert.deepEqual(ids(index.match("vay dam")), [0, 1]);
  assert.deepEqual(ids(index.match("váy đầm màu đỏ")), [0]);
  assert.deepEqual(ids(index.match("mau do")), [0, 2]);
  // with diacritics the word must match exactly: vảy is not váy
  assert.deepEqual(ids(index.match("vảy")), []);
  assert.deepEqual(ids(index.match("unknownword dress")), []);
});

test("empty, blank and punctuation-only queries match nothing", () => {
  const index = build([{ titles: ["red dress"], types: ["dress"] }]);
  for (const q of ["", "   ", "\t\n", "!!! ,,, ...", "for the"]) {
    assert.equal(index.search(q).docIds.length, 0, JSON.stringify(q));
    assert.equal(index.count(q), 0);
  }
  assert.equal(new TextIndexBuilder().build().search("dress").docIds.length, 0);
});

// ---------------------------------------------------------------------------------------------------
// Ranking

/** A phone that mentions a free case, a phone case, and a phone stand, in four languages. */
const PHONE_DOCS: Doc[] = [
  {
    titles: ["小米 14 5G 智能手机 送手机壳", "Xiaomi 14 5G smartphone free phone case", "สมาร์ทโฟน Xiaomi 14 5G แถมเคสโทรศัพท์", "Điện thoại thông minh Xiaomi 14 5G tặng ốp lưng điện thoại"],
    types: ["手机", "mobile phone", "โทรศัพท์มือถือ", "điện thoại di động"],
  },
  {
    titles: ["手机支架 桌面手机架", "phone stand desktop holder", "ขาตั้งโทรศัพท์ ตั้งโต๊ะ", "Giá đỡ điện thoại để bàn"],
    types: ["手机支架", "phone stand", "ขาตั้งโทรศัพท์", "giá đỡ điện thoại"],
  },
  {
    titles: ["硅胶手机壳 防摔", "silicone phone case shockproof", "เคสโทรศัพท์ ซิลิโคน กันกระแทก", "Ốp lưng điện thoại silicone chống sốc"],
    types: ["手机壳", "phone case", "เคสโทรศัพท์", "ốp lưng điện thoại"],
  },
  {
    titles: ["华为 智能手机 手机", "Huawei smartphone mobile phone", "สมาร์ทโฟน Huawei โทรศัพท์มือถือ", "Điện thoại di động Huawei"],
    types: ["手机", "mobile phone", "โทรศัพท์มือถือ", "điện thoại di động"],
  },
];

test("an exact product-type word ranks items of that type first (手机 / 手机壳, both directions)", () => {
  const index = build(PHONE_DOCS);
  // 手机: phones (0, 3) first, although the bigram 手机 is in the case's and the stand's type words too
  const phones = index.search("手机");
  assert.deepEqual(new Set(ids(phones).slice(0, 2)), new Set([0, 3]));
  assert.deepEqual(ids(phones).length, 4);
  assert.ok(phones.scores[1]! >= EXACT_TYPE_BONUS && phones.scores[2]! < EXACT_TYPE_BONUS);
  // 手机壳: the case first, then the phone that mentions 送手机壳; the stand and the plain phone do not match
  assert.deepEqual(ids(index.search("手机壳")), [2, 0]);
  // English
  assert.deepEqual(ids(index.search("phone case")), [2, 0]);
  assert.deepEqual(new Set(ids(index.search("mobile phone")).slice(0, 2)), new Set([0, 3]));
  // Thai
  assert.deepEqual(ids(index.search("เคสโทรศัพท์")), [2, 0]);
  assert.deepEqual(new Set(ids(index.search("โทรศัพท์มือถือ")).slice(0, 2)), new Set([0, 3]));
  // Vietnamese, with and without diacritics
  assert.deepEqual(ids(index.search("ốp lưng điện thoại")), [2, 0]);
  assert.deepEqual(ids(index.search("op lung dien thoai")), [2, 0]);
  assert.deepEqual(new Set(ids(index.search("điện thoại di động")).slice(0, 2)), new Set([0, 3]));
});

test("watch / watch strap in English, Thai and Vietnamese, both directions", () => {
  const index = build([
    {
      titles: ["quartz watch with spare watch strap", "นาฬิกาข้อมือ ควอตซ์ แถมสายนาฬิกา", "Đồng hồ đeo tay thạch anh tặng dây đồng hồ"],
      types: ["watch", "นาฬิกาข้อมือ", "đồng hồ đeo tay"],
    },
    {
      titles: ["leather watch strap", "สายนาฬิกาข้อมือ หนังแท้", "Dây đồng hồ đeo tay da thật"],
      types: ["watch strap", "สายนาฬิกา", "dây đồng hồ"],
    },
  ]);
  for (const [query, first] of [
    ["watch", 0],
    ["watches", 0],
    ["watch strap", 1],
    ["นาฬิกาข้อมือ", 0],
    ["สายนาฬิกา", 1],
    ["đồng hồ đeo tay", 0],
    ["dây đồng hồ", 1],
    ["day dong ho", 1],
  ] as const) {
    const r = index.search(query);
    assert.equal(r.docIds.length, 2, query);
    assert.equal(r.docIds[0], first, query);
    assert.ok(r.scores[0]! > r.scores[1]!, query);
  }
});

test("a query token found in the product-type words outranks one found only in the title", () => {
  const index = build([
    { titles: ["laptop with carrying case"], types: ["laptop"] }, // "case" only in the title
    { titles: ["pencil case"], types: ["pencil case"] }, // "case" in the type word
  ]);
  assert.deepEqual(ids(index.search("case")), [1, 0]);
});

test("results are sorted by score descending, ties by doc id ascending; match() is the same set", () => {
  const docs: Doc[] = [];
  for (let i = 0; i < 50; i++) docs.push({ titles: [i % 3 === 0 ? "red dress" : i % 3 === 1 ? "red red dress" : "blue dress"], types: ["dress"] });
  const index = build(docs);
  const r = index.search("dress");
  assert.equal(r.docIds.length, 50);
  for (let i = 1; i < 50; i++) {
    const s0 = r.scores[i - 1]!;
    const s1 = r.scores[i]!;
    assert.ok(s0 > s1 || (s0 === s1 && r.docIds[i - 1]! < r.docIds[i]!), `order at ${i}`);
  }
  const m = index.match("dress");
  assert.deepEqual(ids(m), [...ids(r)].sort((a, b) => a - b));
  assert.equal(index.count("dress"), 50);
  // same scores through either call
  const byDoc = new Map(ids(r).map((d, i) => [d, r.scores[i]]));
  ids(m).forEach((d, i) => assert.equal(m.scores[i], byDoc.get(d)));
});

// ---------------------------------------------------------------------------------------------------
// Multilingual recall over the real vocabulary

function vocabularyDocs(count: number, seed: number): { docs: Doc[]; types: Term[] } {
  const rand = seededRandom(seed);
  const leaves = leafCategories();
  const docs: Doc[] = [];
  const types: Term[] = [];
  for (let i = 0; i < count; i++) {
    const leaf = leaves[i % leaves.length]!;
    const type = leaf.productTypes[Math.floor(rand() * leaf.productTypes.length)]!;
    const pool = modifiersFor(leaf, type);
    const mods: Modifier[] = [];
    for (let k = 0; k < 3; k++) {
      const m = pool[Math.floor(rand() * pool.length)]!;
      if (!mods.some((x) => x.kind === m.kind)) mods.push(m);
    }
    const brand = rand() < 0.3 ? "Anker" : undefined;
    docs.push({
      titles: LANGS.map((lang) => composeTitle({ modifiers: mods, type, brand }, lang)),
      types: LANGS.map((lang) => type[lang]),
    });
    types.push(type);
  }
  return { docs, types };
}

test("an item is found by its product-type word in each of the four languages, as an exact type match", () => {
  const { docs, types } = vocabularyDocs(leafCategories().length * 2, 7);
  const index = build(docs);
  docs.forEach((_, i) => {
    for (const lang of LANGS) {
      const query = types[i]![lang];
      const r = index.search(query);
      const at = ids(r).indexOf(i);
      assert.ok(at >= 0, `doc ${i} not found by ${lang} ${JSON.stringify(query)}`);
      assert.ok(r.scores[at]! >= EXACT_TYPE_BONUS, `doc ${i} found by ${lang} ${JSON.stringify(query)} but not as its type`);
      // every doc ranked above it is also an exact type match
      assert.ok(r.scores[0]! >= EXACT_TYPE_BONUS);
    }
  });
  // typed without diacritics, the Vietnamese type word still finds the item
  const i = docs.findIndex((_, k) => types[k]!.vi === "váy đầm");
  assert.ok(i >= 0);
  assert.ok(ids(index.search("vay dam")).includes(i));
});

test("search results equal a brute-force evaluation of the matching rule", () => {
  const { docs } = vocabularyDocs(3000, 11);
  const index = build(docs);
  const docTokens = docs.map((d) => new Set([...d.titles, ...d.types].flatMap((t) => tokenize(t))));
  const rand = seededRandom(12);
  const queries: string[] = ["包", "女", "สี", "ผ้า", "红色", "dress", "vay", "màu đỏ", "连衣裙女", "ชุดเดรส สีดำ"];
  for (let k = 0; k < 150; k++) {
    const d = docs[Math.floor(rand() * docs.length)]!;
    const lang = Math.floor(rand() * 4);
    const title = d.titles[lang]!;
    // a random slice of a title: arbitrary cuts through words and runs
    const a = Math.floor(rand() * title.length);
    const b = Math.min(title.length, a + 1 + Math.floor(rand() * 10));
    queries.push(title.slice(a, b));
  }
  for (const q of queries) {
    const parsed = parseQuery(q);
    const expected: number[] = [];
    if (parsed.clauses.length > 0) {
      docTokens.forEach((tokens, doc) => {
        const ok = parsed.clauses.every((c) => {
          let cover = 0;
          c.tokens.forEach((t, i) => {
            if (tokens.has(t)) cover |= c.masks[i]!;
          });
          if (c.thaiUnit !== undefined) {
            for (const t of tokens) {
              if (t.charCodeAt(0) >= 0x0e00 && t.charCodeAt(0) <= 0x0e7f && thaiUnits(t).length === 2 && thaiUnits(t).includes(c.thaiUnit)) cover |= 1;
            }
          }
          return cover >>> 0 === c.full;
        });
        if (ok) expected.push(doc);
      });
    }
    assert.deepEqual(ids(index.match(q)), expected, JSON.stringify(q));
    const r = index.search(q);
    assert.deepEqual([...ids(r)].sort((x, y) => x - y), expected, JSON.stringify(q));
    for (let i = 1; i < r.scores.length; i++) assert.ok(r.scores[i - 1]! >= r.scores[i]!);
  }
});

// ---------------------------------------------------------------------------------------------------
// Persistence and determinism

test("same adds give a byte-identical image; the image loads to the same results", () => {
  const { docs } = vocabularyDocs(2000, 3);
  const a = build(docs).toBuffer();
  const b = build(docs).toBuffer();
  assert.ok(a.equals(b));
  const built = build(docs);
  const loaded = TextIndex.fromBuffer(a);
  assert.ok(loaded.toBuffer().equals(a));
  assert.equal(loaded.docCount, built.docCount);
  assert.equal(loaded.termCount, built.termCount);
  assert.equal(loaded.postingCount, built.postingCount);
  // also from a buffer that is not 8-byte aligned
  const shifted = Buffer.alloc(a.length + 1);
  a.copy(shifted, 1);
  const unaligned = TextIndex.fromBuffer(shifted.subarray(1));
  for (const q of ["连衣裙", "纯棉", "dress", "pure cotton", "ชุดเดรส", "สี", "váy đầm", "vay", "手机壳", "Anker", "女"]) {
    const x = built.search(q);
    const y = loaded.search(q);
    const z = unaligned.search(q);
    assert.deepEqual(ids(y), ids(x), q);
    assert.deepEqual(Array.from(y.scores), Array.from(x.scores), q);
    assert.deepEqual(ids(z), ids(x), q);
  }
});

test("corrupt or foreign images are refused", () => {
  const image = build([{ titles: ["red dress"], types: ["dress"] }]).toBuffer();
  assert.throws(() => TextIndex.fromBuffer(Buffer.from("not an index at all, not an index at all, not an index at all!!")), /not a text index/);
  assert.throws(() => TextIndex.fromBuffer(image.subarray(0, image.length - 8)), /truncated/);
  const wrongVersion = Buffer.from(image);
  wrongVersion.writeUInt32LE(99, 8);
  assert.throws(() => TextIndex.fromBuffer(wrongVersion), /version/);
});

test("doc ids must be dense and in add order; a builder builds once", () => {
  const b = new TextIndexBuilder();
  b.add(0, ["a"], []);
  assert.throws(() => b.add(2, ["b"], []), RangeError);
  b.add(1, ["b"], []);
  assert.equal(b.size, 2);
  b.build();
  assert.throws(() => b.build());
  assert.throws(() => b.add(2, ["c"], []));
});
