import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CATEGORIES,
  LANGS,
  MODIFIERS,
  SKU_PROPERTIES,
  categoryById,
  categoryPath,
  childrenOf,
  composeTitle,
  leafById,
  leafCategories,
  modifierByZh,
  modifiersFor,
  skuProperty,
  type Term,
} from "./vocabulary.ts";

const HAN = /\p{Script=Han}/u;
const THAI = /[\u0e00-\u0e7f]/;
const LATIN_ONLY = /^[\p{Script=Latin}\p{N}\p{M}\s'’&.,+\-/()]+$/u;

function assertTerm(term: Term, where: string): void {
  for (const lang of LANGS) {
    const text = term[lang];
    assert.equal(typeof text, "string", `${where}.${lang}`);
    assert.ok(text.length > 0, `${where}.${lang} is empty`);
    assert.equal(text, text.trim(), `${where}.${lang} has outer spaces`);
    assert.ok(!/\s{2}/.test(text), `${where}.${lang} has a double space`);
    assert.equal(text, text.normalize("NFC"), `${where}.${lang} is not NFC`);
  }
}

/** Names that are words (categories, product types): each language in its own script. */
function assertScripts(term: Term, where: string): void {
  assert.ok(HAN.test(term.zh), `${where}.zh has no Chinese: ${term.zh}`);
  assert.ok(THAI.test(term.th), `${where}.th has no Thai: ${term.th}`);
  assert.ok(LATIN_ONLY.test(term.en), `${where}.en is not Latin: ${term.en}`);
  assert.ok(LATIN_ONLY.test(term.vi), `${where}.vi is not Latin: ${term.vi}`);
}

test("category tree: ≥ 12 level-1 categories, 3 levels, ≥ 80 leaves, unique stable ids", () => {
  const l1 = CATEGORIES.filter((c) => c.level === 1);
  const leaves = leafCategories();
  assert.ok(l1.length >= 12, `${l1.length} level-1 categories`);
  assert.ok(leaves.length >= 80, `${leaves.length} leaves`);
  const ids = CATEGORIES.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, "category ids are unique");
  for (const c of CATEGORIES) {
    assert.ok(Number.isSafeInteger(c.id) && c.id > 0, `id ${c.id}`);
    assert.equal(categoryById(c.id), c);
    if (c.level === 1) assert.equal(c.parentId, 0);
    else assert.equal(categoryById(c.parentId)?.level, c.level - 1, `parent of ${c.id}`);
  }
  // every leaf is level 3 and every level 1 and 2 node has children
  for (const leaf of leaves) assert.equal(leaf.level, 3);
  for (const c of CATEGORIES.filter((x) => x.level < 3)) assert.ok(childrenOf(c.id).length > 0, `${c.id} has no children`);
  assert.deepEqual(childrenOf(0), l1);
  // the 1688 example: 连衣裙 is 1031910, under women's clothing 10166
  assert.deepEqual(categoryPath(1031910).map((c) => c.name.zh), ["女装", "裙装", "连衣裙"]);
  assert.equal(categoryPath(1031910)[0]!.id, 10166);
  assert.equal(leafById(1031910)?.name.en, "Dresses");
  assert.equal(leafById(10166), undefined);
  assert.deepEqual(categoryPath(42), []);
  // the sample top-level set of the brief is covered
  const names = new Set(l1.map((c) => c.name.zh));
  for (const zh of ["女装", "男装", "鞋靴", "箱包皮具", "童装母婴", "玩具", "家居日用", "厨房餐饮", "美妆个护", "手机数码", "电脑", "家用电器", "运动户外", "文具办公", "宠物用品", "汽车用品", "珠宝配饰"]) {
    assert.ok(names.has(zh), zh);
  }
});

test("every category has four non-empty names, each in its own script", () => {
  for (const c of CATEGORIES) {
    assertTerm(c.name, `category ${c.id}`);
    assertScripts(c.name, `category ${c.id}`);
  }
});

test("every leaf has 1–4 product types, known SKU properties, a believable price and a weight", () => {
  const propertyKeys = new Set(SKU_PROPERTIES.map((p) => p.key));
  for (const leaf of leafCategories()) {
    assert.ok(leaf.productTypes.length >= 1 && leaf.productTypes.length <= 4, `${leaf.id} types`);
    leaf.productTypes.forEach((type, i) => {
      assertTerm(type, `leaf ${leaf.id} type ${i}`);
      assertScripts(type, `leaf ${leaf.id} type ${i}`);
    });
    assert.equal(new Set(leaf.productTypes.map((t) => t.zh)).size, leaf.productTypes.length, `${leaf.id} duplicate types`);
    assert.ok(leaf.propertySets.length >= 1, `${leaf.id} has no SKU property`);
    for (const key of leaf.propertySets) assert.ok(propertyKeys.has(key), `${leaf.id}: ${key}`);
    assert.equal(new Set(leaf.propertySets).size, leaf.propertySets.length);
    const [min, max] = leaf.priceRangeFen;
    assert.ok(Number.isInteger(min) && Number.isInteger(max) && min > 0 && min < max, `${leaf.id} price ${min}-${max}`);
    assert.ok(max <= 20_000_000, `${leaf.id} price above 200,000 yuan`);
    assert.ok(leaf.weightKg > 0 && leaf.weightKg < 50, `${leaf.id} weight`);
  }
  // a few sanity anchors: phones cost more than phone cases; a stroller weighs more than a lipstick
  assert.ok(leafById(1040011)!.priceRangeFen[0] > leafById(1040021)!.priceRangeFen[1]);
  assert.ok(leafById(1035023)!.weightKg > leafById(1039021)!.weightKg);
});

test("product types of the brief's examples are there, exactly", () => {
  const types = leafCategories().flatMap((l) => l.productTypes);
  const find = (zh: string): Term | undefined => types.find((t) => t.zh === zh);
  assert.deepEqual(find("连衣裙"), { zh: "连衣裙", en: "dress", th: "ชุดเดรส", vi: "váy đầm" });
  assert.deepEqual(find("运动鞋"), { zh: "运动鞋", en: "sneakers", th: "รองเท้าผ้าใบ", vi: "giày thể thao" });
  assert.deepEqual(find("笔记本电脑"), { zh: "笔记本电脑", en: "laptop", th: "แล็ปท็อป", vi: "máy tính xách tay" });
  assert.ok(find("手机") && find("手机壳"));
});

test("modifiers: ≥ 150 exact terms, unique, each applicable somewhere; every leaf gets a good choice", () => {
  assert.ok(MODIFIERS.length >= 150, `${MODIFIERS.length} modifiers`);
  assert.equal(new Set(MODIFIERS.map((m) => m.zh)).size, MODIFIERS.length, "modifier zh unique");
  for (const lang of LANGS) {
    assert.equal(new Set(MODIFIERS.map((m) => m[lang])).size, MODIFIERS.length, `modifier ${lang} unique`);
  }
  const leaves = leafCategories();
  for (const m of MODIFIERS) {
    assertTerm(m, `modifier ${m.zh}`);
    assert.ok(HAN.test(m.zh) || LATIN_ONLY.test(m.zh), `modifier ${m.zh}`);
    assert.ok(THAI.test(m.th) || LATIN_ONLY.test(m.th), `modifier ${m.zh} th ${m.th}`);
    assert.ok(LATIN_ONLY.test(m.en) && LATIN_ONLY.test(m.vi), `modifier ${m.zh} en/vi`);
    assert.ok(leaves.some((l) => modifiersFor(l).includes(m)), `modifier ${m.zh} applies to no leaf`);
    assert.equal(modifierByZh(m.zh), m);
  }
  const kinds = new Set(MODIFIERS.map((m) => m.kind));
  for (const kind of ["color", "material", "style", "audience", "season", "feature", "size", "pattern", "marketing"]) {
    assert.ok(kinds.has(kind as never), kind);
  }
  for (const leaf of leaves) {
    for (const type of leaf.productTypes) {
      const mods = modifiersFor(leaf, type);
      assert.ok(mods.length >= 10, `${leaf.id} ${type.zh}: only ${mods.length} modifiers`);
      // none repeats the type word in any language
      for (const m of mods) {
        for (const lang of LANGS) {
          assert.ok(!type[lang].toLowerCase().includes(m[lang].toLowerCase()), `${m.zh} inside ${type[lang]}`);
        }
      }
    }
  }
  // materials fit their goods: cotton for clothing, stainless steel for the kitchen, not the reverse
  const dress = leafById(1031910)!;
  const wok = leafById(1038011)!;
  assert.ok(modifiersFor(dress).some((m) => m.zh === "纯棉"));
  assert.ok(!modifiersFor(dress).some((m) => m.zh === "不锈钢"));
  assert.ok(modifiersFor(wok).some((m) => m.zh === "不锈钢"));
  assert.ok(!modifiersFor(wok).some((m) => m.zh === "纯棉"));
  // men's clothing is not for women
  assert.ok(!modifiersFor(leafById(1032012)!).some((m) => m.zh === "女士"));
  // 运动风 is no modifier of 运动鞋 (same words in Vietnamese: thể thao)
  const sneakers = leafById(1033012)!;
  assert.ok(!modifiersFor(sneakers, sneakers.productTypes[0]).some((m) => m.zh === "运动风"));
});

test("SKU properties: Taobao-like ids, ≥ 20 colours, sizes S–XXL, shoe sizes 35–45, capacities, packages", () => {
  const propIds = SKU_PROPERTIES.map((p) => p.propId);
  assert.equal(new Set(propIds).size, propIds.length, "propIds unique");
  const valueIds = SKU_PROPERTIES.flatMap((p) => p.values.map((v) => v.valueId));
  assert.equal(new Set(valueIds).size, valueIds.length, "valueIds unique");
  for (const p of SKU_PROPERTIES) {
    assertTerm(p.name, `property ${p.key}`);
    assert.ok(p.values.length >= 2, p.key);
    for (const v of p.values) {
      assertTerm(v.name, `property ${p.key} value ${v.valueId}`);
      assert.ok(Number.isSafeInteger(v.valueId) && v.valueId > 0);
    }
    assert.equal(new Set(p.values.map((v) => v.name.zh)).size, p.values.length, `${p.key} values unique`);
  }
  const color = skuProperty("color");
  assert.equal(color.propId, 1627207);
  assert.equal(color.name.zh, "颜色分类");
  assert.ok(color.values.length >= 20);
  assert.deepEqual(color.values.find((v) => v.name.zh === "红色"), { valueId: 28326, name: { zh: "红色", en: "red", th: "สีแดง", vi: "màu đỏ" } });
  const size = skuProperty("clothingSize");
  assert.equal(size.propId, 20509);
  for (const s of ["S", "M", "L", "XL", "XXL"]) assert.ok(size.values.some((v) => v.name.zh === s), s);
  const shoe = skuProperty("shoeSize");
  assert.deepEqual(shoe.values.map((v) => v.name.zh), ["35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45"]);
  for (const c of ["16GB", "256GB"]) assert.ok(skuProperty("storage").values.some((v) => v.name.en === c), c);
  assert.ok(skuProperty("package").values.some((v) => v.name.zh === "套餐一"));
  // colour modifiers and colour values are the same words
  for (const v of color.values) {
    const m = modifierByZh(v.name.zh);
    assert.ok(m && m.kind === "color", v.name.zh);
    for (const lang of LANGS) assert.equal(m[lang], v.name[lang]);
  }
  assert.throws(() => skuProperty("nope" as never));
});

test("composeTitle: word order and spacing per language, all four from the same terms", () => {
  const dress = leafById(1031910)!.productTypes[0]!;
  const mods = ["白色", "纯棉", "女士", "新款"].map((zh) => modifierByZh(zh)!);
  assert.equal(composeTitle({ modifiers: mods, type: dress }, "zh"), "新款女士白色纯棉连衣裙");
  assert.equal(composeTitle({ modifiers: mods, type: dress }, "en"), "New women's white pure cotton dress");
  assert.equal(composeTitle({ modifiers: mods, type: dress }, "th"), "ชุดเดรส ผู้หญิง ผ้าฝ้ายแท้ สีขาว รุ่นใหม่");
  assert.equal(composeTitle({ modifiers: mods, type: dress }, "vi"), "Váy đầm nữ cotton nguyên chất màu trắng mẫu mới");
  // Chinese: spaces only around Latin tokens
  const phone = leafById(1040011)!.productTypes[0]!;
  const phoneParts = { modifiers: [modifierByZh("5G")!, modifierByZh("黑色")!], type: phone, brand: "Xiaomi", model: "14 Pro" };
  assert.equal(composeTitle(phoneParts, "zh"), "Xiaomi 14 Pro 5G 黑色手机");
  assert.equal(composeTitle(phoneParts, "en"), "Xiaomi 14 Pro 5G black mobile phone");
  assert.equal(composeTitle(phoneParts, "th"), "โทรศัพท์มือถือ Xiaomi 14 Pro สีดำ 5G");
  assert.equal(composeTitle(phoneParts, "vi"), "Điện thoại di động Xiaomi 14 Pro màu đen 5G");
  // a mixed token joins the Chinese word next to it on its Chinese side
  assert.equal(composeTitle({ modifiers: [modifierByZh("ins风")!], type: dress, brand: "ZARA" }, "zh"), "ZARA ins风连衣裙");
  // the order of the given modifiers does not matter (kinds decide); plain Terms keep their order
  assert.equal(composeTitle({ modifiers: [...mods].reverse(), type: dress }, "en"), "New women's white pure cotton dress");
  const plain: Term = { zh: "定做", en: "made-to-order", th: "สั่งตัด", vi: "may đo" };
  assert.equal(composeTitle({ modifiers: [plain, modifierByZh("红色")!], type: dress }, "zh"), "红色定做连衣裙");
  assert.equal(composeTitle({ modifiers: [], type: dress }, "vi"), "Váy đầm");
});

test("every composed title holds the type word and every modifier word of its language", () => {
  for (const leaf of leafCategories()) {
    for (const type of leaf.productTypes) {
      const mods = modifiersFor(leaf, type);
      const picked = [mods[0]!, mods[Math.floor(mods.length / 2)]!, mods[mods.length - 1]!];
      for (const lang of LANGS) {
        const title = composeTitle({ modifiers: picked, type }, lang).toLowerCase();
        assert.ok(title.includes(type[lang].toLowerCase()), `${title} / ${type[lang]}`);
        for (const m of picked) assert.ok(title.includes(m[lang].toLowerCase()), `${title} / ${m[lang]}`);
      }
    }
  }
});
