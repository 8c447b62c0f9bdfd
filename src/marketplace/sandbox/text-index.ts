// In-memory multilingual keyword index of the sandbox marketplace: up to ~1,000,000 items per
// platform, searched in Chinese, English, Thai and Vietnamese.
//
// TOKENIZATION (by script, never by a declared language; the same code runs on titles and queries)
// - Han runs (CJK ideographs, no spaces): every character (unigram) and every adjacent pair (bigram).
// - Thai runs (U+0E00–U+0E7F): split into units, a unit being an optional leading vowel (เ แ โ ใ ไ)
//   + a base character + its combining marks (vowel signs above/below, tone marks, thanthakhat) + the
//   following spacing vowels (ะ า ำ). Marks inside a unit are put in a canonical order (vowel signs
//   before tone marks; nikhahit + sara aa → sara am) so the two common typing orders match. Tokens are
//   overlapping unit bigrams; a run of a single unit is indexed as that unit (prefixed \u0002). No
//   dictionary is needed: a Thai word query is the sequence of its bigrams. A one-unit query (ผ้า, สี)
//   matches the unit alone or any bigram containing it (the bigram lists come from the dictionary).
// - Other letters and digits (Latin, Vietnamese, …): words, NFKC + lower case. Separators inside a word
//   (- . _ ') split it into parts, and the joined form is indexed too ("t-shirt" → t, shirt, tshirt;
//   "women's" → women). A word with diacritics is also indexed folded ("đầm" → đầm, dam), so a query
//   typed without diacritics ("vay dam") matches, while a query with diacritics matches exactly. ASCII
//   words get simple English plural folding (dresses → dress, shoes → shoe, batteries → battery,
//   watches → watch). Mixed letter/digit words are kept whole and also split ("256gb" → 256gb, 256, gb;
//   "16g" → 16g, 16, g). A few English stop words (for, with, the, …) are dropped on both sides.
// - Boosted texts (the item's product-type words) add their tokens with a "boosted" flag, and one
//   whole-phrase token per type word (\u0001 + its atoms: Han characters, Thai units, folded words).
//
// MATCHING: the query is split into clauses, all of which must match (AND):
// - one clause per word (Latin/Vietnamese): the doc must hold that word (its folded form when the
//   query is typed without diacritics);
// - one clause per Han or Thai run of 2+ characters/units, matched by COVERAGE: every character/unit
//   of the run must be covered by a bigram of the run that the doc holds. So the bigram across a word
//   boundary of an unspaced query may be missing (纯棉连衣裙 matches "纯棉碎花连衣裙": 棉连 is absent but
//   纯棉, 连衣, 衣裙 cover all five characters), but no character can be (a dress that is not cotton has
//   no bigram covering 棉; a phone does not match 手机壳, nothing covers 壳; a phone stand does not match
//   เคสโทรศัพท์, nothing covers เคส). From 4 units on, the first and last unit may also be covered by
//   the lone unit anywhere in the doc (连衣裙女 = dress + women). A one-character run is its unigram
//   (包). A doc sharing a stray character with the query therefore never matches.
// This is a minimum-should-match that needs no dictionary and tolerates exactly the artefacts of
// unspaced scripts; a fixed percentage either lets "phone stand" match "phone case" in Thai (the long
// shared word โทรศัพท์ supplies most bigrams) or rejects 夏季纯棉连衣裙 against a summer cotton dress.
//
// SCORING (float32; equal scores are ordered by ascending doc id):
//   BM25 (k1 = 1.2, b = 0.75) of the query tokens over the titles (document length = all title tokens,
//   all languages)
//   + 3 × idf for every query token found in the doc's boosted (product-type) texts
//   + 1000 for every product-type word of the query that is exactly a product-type word of the doc.
// The last term is what makes "the exact product-type word rank items of that type first": the query
// is cut into the longest known product-type phrases (greedy, left to right, over atoms), so 手机壳
// gives the type 手机壳 (not 手机) and ranks phone cases above phones that mention 送手机壳, while 手机
// gives the type 手机 and ranks phones above cases (the bigram 手机 is boosted in both, the phrase token
// only in phones). Adjacency is rewarded through bigrams (Han, Thai) and through the phrase tokens of
// type words; no general positional index is kept (it would double the memory).
//
// MEMORY LAYOUT: a term dictionary (string[] + Map<string, id>) and CSR posting lists: offsets
// Uint32Array(terms + 1), doc ids Uint32Array(postings), ascending per term, and one byte per posting:
// bit 7 = found in a boosted text, bits 0–6 = the BM25 tf factor tf/(tf + k1·(1−b+b·dl/avgdl)) ∈ [0,1)
// quantized to 1/127 (computed once in build(), so a query does no per-doc length lookup). About 55
// postings per item (4 titles): 1M items ≈ 55M postings ≈ 265 MB of typed arrays.
// While building, postings are appended per document to 1M-entry chunks (term id + tf byte), document
// frequencies are counted as they come, and build() scatters them into the CSR arrays with one
// counting-sort pass (no per-term growable lists, no re-sorting). Tokenization is cached per word and
// per Thai run (titles come from a limited vocabulary), and Han runs go through a char-code table and
// a numeric bigram map, so no string is created per Han token.
//
// QUERY EVALUATION: candidates = union of the postings of the cheapest clause's "drivers" (the tokens
// covering its rarest unit: every match holds one), narrowed to docs holding a driver of each other
// clause; then each clause's tokens are intersected with the candidates (galloping in the longer of two
// sorted lists; per-candidate state in position-indexed arrays, so memory is read sequentially).
// search() orders by an LSD radix sort on the float32 score bits (stable, so ties stay in doc order);
// match() skips it. Scratch arrays (~10 × 4 bytes per doc) are allocated on the first query.
//
// PERSISTENCE: toBuffer() writes a little-endian binary image (header, terms joined by NUL, then the
// typed arrays at 8-byte aligned offsets); fromBuffer() maps the typed arrays onto the buffer without
// copying. Term ids are assigned in first-seen order, so the same adds give a byte-identical buffer.

const K1 = 1.2;
const B = 0.75;
/** Weight (× idf) of a query token found in a boosted (product-type) text of the doc. */
export const BOOSTED_WEIGHT = 3;
/** Bonus per query product-type word that is exactly a product-type word of the doc. */
export const EXACT_TYPE_BONUS = 1000;

const TF_MASK = 0x7f;
const BOOST_BIT = 0x80;
/** The tf factor tf/(tf + k1·(1−b+b·dl/avgdl)) ∈ [0, 1) is stored as round(127 × it), at least 1. */
const WEIGHT_STEPS = 127;
/** Posting byte → score per unit of idf: (k1+1)·factor, + BOOSTED_WEIGHT when the boosted bit is set. */
const WEIGHT_OF = new Float32Array(256);
for (let v = 0; v < 256; v++) {
  WEIGHT_OF[v] = ((v & TF_MASK) / WEIGHT_STEPS) * (K1 + 1) + (v & BOOST_BIT ? BOOSTED_WEIGHT : 0);
}
const EXACT_PREFIX = "\u0001";
const THAI_SINGLE_PREFIX = "\u0002";
const MAX_QUERY_CHARS = 256;
const MAX_TYPE_ATOMS = 24;

// ---------------------------------------------------------------------------------------------------
// Character classes

const C_UNKNOWN = 0;
const C_SEP = 1;
const C_WORD = 2;
const C_JOIN = 3;
const C_HAN = 4;
const C_THAI = 5;
const C_HIGH = 6; // high surrogate: decided on the code point

const CLASS = new Uint8Array(0x10000);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}\p{M}]$/u;

function classifyBmp(c: number): number {
  if (c < 0x80) {
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return C_WORD;
    if (c === 0x2d || c === 0x2e || c === 0x27 || c === 0x5f) return C_JOIN; // - . ' _
    return C_SEP;
  }
  if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return C_HAN;
  if (c >= 0x0e00 && c <= 0x0e7f) {
    // Thai punctuation and signs that are not part of words.
    if (c === 0x0e2f || c === 0x0e3f || c === 0x0e46 || c === 0x0e4f || c === 0x0e5a || c === 0x0e5b) return C_SEP;
    if (c >= 0x0e5c) return C_SEP;
    return C_THAI;
  }
  if (c >= 0xd800 && c <= 0xdbff) return C_HIGH;
  if (c >= 0xdc00 && c <= 0xdfff) return C_SEP;
  if (c === 0x2019) return C_JOIN; // ’
  if ((c >= 0xfe00 && c <= 0xfe0f) || (c >= 0x200b && c <= 0x200f)) return C_SEP;
  return LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? C_WORD : C_SEP;
}

function classOf(c: number): number {
  let k = CLASS[c]!;
  if (k === C_UNKNOWN) {
    k = classifyBmp(c);
    CLASS[c] = k;
  }
  return k;
}

function classOfCodePoint(cp: number): number {
  if ((cp >= 0x20000 && cp <= 0x323af) || (cp >= 0x2f800 && cp <= 0x2fa1f)) return C_HAN;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(cp)) ? C_WORD : C_SEP;
}

/** Han characters of the BMP map to 0..HAN_SPAN-1 (for the numeric bigram keys of the build). */
const HAN_SPAN = 0x4dbf - 0x3400 + 1 + (0x9fff - 0x4e00 + 1) + (0xfaff - 0xf900 + 1);
function hanIndex(c: number): number {
  if (c <= 0x4dbf) return c - 0x3400;
  if (c <= 0x9fff) return c - 0x4e00 + (0x4dbf - 0x3400 + 1);
  return c - 0xf900 + (0x4dbf - 0x3400 + 1) + (0x9fff - 0x4e00 + 1);
}

// ---------------------------------------------------------------------------------------------------
// Segmentation: runs of one script

const SEG_WORD = 1;
const SEG_HAN = 2;
const SEG_HAN_ASTRAL = 3; // Han run holding characters outside the BMP (string path)
const SEG_THAI = 4;

/** Reusable segment buffer: kind, start, end per segment. */
class Segments {
  kind = new Uint8Array(64);
  start = new Uint32Array(64);
  end = new Uint32Array(64);
  count = 0;

  push(kind: number, start: number, end: number): void {
    if (this.count === this.kind.length) {
      const n = this.count * 2;
      const k = new Uint8Array(n);
      k.set(this.kind);
      const s = new Uint32Array(n);
      s.set(this.start);
      const e = new Uint32Array(n);
      e.set(this.end);
      this.kind = k;
      this.start = s;
      this.end = e;
    }
    this.kind[this.count] = kind;
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.count++;
  }
}

function charClassAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const k = classOf(c);
  if (k !== C_HIGH) return k;
  const cp = text.codePointAt(i)!;
  return cp > 0xffff ? classOfCodePoint(cp) : C_SEP;
}

function segment(text: string, out: Segments): void {
  out.count = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let k = classOf(c);
    let w = 1;
    if (k === C_HIGH) {
      k = charClassAt(text, i);
      w = text.codePointAt(i)! > 0xffff ? 2 : 1;
    }
    if (k === C_SEP || k === C_JOIN) {
      i += w;
      continue;
    }
    const start = i;
    if (k === C_HAN) {
      let astral = w === 2;
      i += w;
      while (i < n) {
        const c2 = text.charCodeAt(i);
        const k2 = classOf(c2);
        if (k2 === C_HAN) i++;
        else if (k2 === C_HIGH && charClassAt(text, i) === C_HAN) {
          astral = true;
          i += 2;
        } else break;
      }
      out.push(astral ? SEG_HAN_ASTRAL : SEG_HAN, start, i);
    } else if (k === C_THAI) {
      i++;
      while (i < n && classOf(text.charCodeAt(i)) === C_THAI) i++;
      out.push(SEG_THAI, start, i);
    } else {
      // word: word characters and inner joiners; trailing joiners are dropped
      let lastWordEnd = i + w;
      i += w;
      while (i < n) {
        const c2 = text.charCodeAt(i);
        let k2 = classOf(c2);
        let w2 = 1;
        if (k2 === C_HIGH) {
          k2 = charClassAt(text, i);
          w2 = text.codePointAt(i)! > 0xffff ? 2 : 1;
        }
        if (k2 === C_WORD) {
          i += w2;
          lastWordEnd = i;
        } else if (k2 === C_JOIN) i += w2;
        else break;
      }
      out.push(SEG_WORD, start, lastWordEnd);
      i = lastWordEnd;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Word analysis (Latin, Vietnamese and other space-separated scripts)

const STOP_WORDS = new Set(["a", "an", "the", "and", "or", "for", "of", "with", "to", "in", "on", "at", "by", "from"]);

/** English plural folding for ASCII words: dresses→dress, shoes→shoe, batteries→battery, boxes→box. */
export function foldPlural(word: string): string {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "y";
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (word.endsWith("xes") || word.endsWith("ches") || word.endsWith("shes") || word.endsWith("zzes")) {
    return word.slice(0, -2);
  }
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) {
    return word.slice(0, -1);
  }
  return word;
}

/** Diacritic folding (Vietnamese and other Latin): remove combining marks, đ → d. */
export function foldDiacritics(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "d");
}

const ASCII = /^[\x00-\x7f]*$/;
const HAS_LETTER = /[^0-9.]/;
const HAS_DIGIT = /[0-9]/;
const ALNUM_GROUPS = /[0-9]+(?:\.[0-9]+)*|[^0-9.]+/g;

interface WordInfo {
  /** Doc-side tokens (with variants), in order. */
  docTokens: string[];
  /** Query-side: one required token per part. */
  queryParts: string[];
  /** Normalized atoms for product-type phrase keys. */
  atoms: string[];
}

function splitParts(s: string): string[] {
  // split on - _ ' and on '.' unless between two digits
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "-" || ch === "_" || ch === "'" || ch === "’") {
      if (cur) parts.push(cur);
      cur = "";
    } else if (ch === ".") {
      const prev = s.charCodeAt(i - 1);
      const next = s.charCodeAt(i + 1);
      if (prev >= 0x30 && prev <= 0x39 && next >= 0x30 && next <= 0x39) cur += ch;
      else {
        if (cur) parts.push(cur);
        cur = "";
      }
    } else cur += ch;
  }
  if (cur) parts.push(cur);
  return parts;
}

function analyzeWord(raw: string): WordInfo {
  let s = raw.normalize("NFKC").toLowerCase();
  s = s.replace(/['’]s$/, "");
  const rawParts = splitParts(s);
  const docTokens: string[] = [];
  const queryParts: string[] = [];
  const atoms: string[] = [];
  const kept: string[] = [];
  for (const p of rawParts) {
    if (STOP_WORDS.has(p)) continue;
    kept.push(p);
    const ascii = ASCII.test(p);
    const primary = ascii ? foldPlural(p) : p;
    const folded = ascii ? primary : foldDiacritics(p);
    docTokens.push(primary);
    if (folded !== primary) docTokens.push(folded);
    if (HAS_DIGIT.test(primary) && HAS_LETTER.test(primary)) {
      for (const g of primary.match(ALNUM_GROUPS) ?? []) if (g !== primary) docTokens.push(g);
    }
    queryParts.push(primary);
    atoms.push(folded);
  }
  if (kept.length > 1) {
    const joined = kept.join("");
    const ascii = ASCII.test(joined);
    const j = ascii ? foldPlural(joined) : joined;
    docTokens.push(j);
    if (!ascii) {
      const f = foldDiacritics(j);
      if (f !== j) docTokens.push(f);
    }
  }
  return { docTokens, queryParts, atoms };
}

// ---------------------------------------------------------------------------------------------------
// Thai units

function isThaiCombining(c: number): boolean {
  return c === 0x0e31 || (c >= 0x0e34 && c <= 0x0e3a) || (c >= 0x0e47 && c <= 0x0e4e);
}
function isThaiTrailingVowel(c: number): boolean {
  return c === 0x0e30 || c === 0x0e32 || c === 0x0e33 || c === 0x0e45;
}
function isThaiLeadingVowel(c: number): boolean {
  return c >= 0x0e40 && c <= 0x0e44;
}
function isThaiConsonant(c: number): boolean {
  return c >= 0x0e01 && c <= 0x0e2e;
}
function thaiMarkRank(c: number): number {
  if (c >= 0x0e48 && c <= 0x0e4b) return 2; // tone marks
  if (c === 0x0e4c || c === 0x0e4e) return 3; // thanthakhat, yamakkan
  return 1; // vowel signs above/below, maitaikhu, nikhahit
}

/** Split a Thai run into grapheme-ish units (see the file header), each in canonical mark order. */
export function thaiUnits(run: string): string[] {
  const units: string[] = [];
  const n = run.length;
  let i = 0;
  while (i < n) {
    let unit = "";
    let c = run.charCodeAt(i);
    if (isThaiLeadingVowel(c)) {
      unit += run[i];
      i++;
      if (i < n && isThaiConsonant(run.charCodeAt(i))) {
        unit += run[i];
        i++;
      }
    } else {
      unit += run[i];
      i++;
    }
    let marks = "";
    let trailing = "";
    while (i < n) {
      c = run.charCodeAt(i);
      if (isThaiCombining(c)) marks += run[i];
      else if (isThaiTrailingVowel(c)) trailing += run[i];
      else break;
      i++;
    }
    // nikhahit + sara aa is how some keyboards type sara am
    if (trailing.startsWith("\u0e32") && marks.includes("\u0e4d")) {
      marks = marks.replace("\u0e4d", "");
      trailing = "\u0e33" + trailing.slice(1);
    }
    if (marks.length > 1) {
      marks = [...marks].sort((a, b) => thaiMarkRank(a.charCodeAt(0)) - thaiMarkRank(b.charCodeAt(0))).join("");
    }
    units.push(unit + marks + trailing);
  }
  return units;
}

function thaiDocTokens(units: readonly string[]): string[] {
  if (units.length === 1) return [THAI_SINGLE_PREFIX + units[0]!];
  const out: string[] = [];
  for (let i = 1; i < units.length; i++) out.push(units[i - 1]! + units[i]!);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Generic tokenization (queries, boosted texts, tests; the builder has a faster path for titles)

function codePoints(s: string): string[] {
  return Array.from(s);
}

function hanDocTokens(chars: readonly string[], out: string[]): void {
  for (let i = 0; i < chars.length; i++) {
    out.push(chars[i]!);
    if (i > 0) out.push(chars[i - 1]! + chars[i]!);
  }
}

/**
 * The index tokens of a text, in order, with repetitions (what add() indexes for a title). Exported
 * for tests and debugging.
 */
export function tokenize(text: string): string[] {
  const segs = new Segments();
  segment(text, segs);
  const out: string[] = [];
  for (let s = 0; s < segs.count; s++) {
    const raw = text.slice(segs.start[s], segs.end[s]);
    const kind = segs.kind[s];
    if (kind === SEG_WORD) out.push(...analyzeWord(raw).docTokens);
    else if (kind === SEG_THAI) out.push(...thaiDocTokens(thaiUnits(raw)));
    else hanDocTokens(codePoints(raw), out);
  }
  return out;
}

/** Atoms of a text: Han characters, Thai units, normalized folded words (for product-type phrases). */
function atomsOf(text: string): string[] {
  const segs = new Segments();
  segment(text, segs);
  const atoms: string[] = [];
  for (let s = 0; s < segs.count; s++) {
    const raw = text.slice(segs.start[s], segs.end[s]);
    const kind = segs.kind[s];
    if (kind === SEG_WORD) atoms.push(...analyzeWord(raw).atoms);
    else if (kind === SEG_THAI) atoms.push(...thaiUnits(raw));
    else atoms.push(...codePoints(raw));
  }
  return atoms;
}

function phraseKey(atoms: readonly string[]): string {
  return EXACT_PREFIX + atoms.join(" ");
}

/** Longest Han/Thai run one clause covers (one bit per character/unit); longer runs are split. */
const MAX_RUN_UNITS = 32;

export interface QueryClause {
  /** Token strings (deduplicated). */
  tokens: string[];
  /** Per token: the characters/units of the run it covers (bit i = unit i). */
  masks: number[];
  /** The doc matches the clause when the tokens it holds cover all these bits. */
  full: number;
  /** A one-unit Thai run: also matched by every indexed bigram containing the unit. */
  thaiUnit?: string;
}

export interface ParsedQuery {
  clauses: QueryClause[];
  /** Atoms of the query, for the product-type phrase lookup. */
  atoms: string[];
}

function fullMask(units: number): number {
  return units >= 32 ? 0xffffffff : ((1 << units) >>> 0) - 1;
}

/**
 * Clause of a Han or Thai run of units (characters / Thai units): each adjacent pair is a bigram
 * covering its two units; from 4 units on, the first and last unit may also be covered alone
 * (`single` gives the token of a lone unit). A doc matches when every unit is covered.
 */
function runClause(units: readonly string[], single: (unit: string) => string): QueryClause {
  const masks = new Map<string, number>();
  const put = (token: string, mask: number): void => {
    masks.set(token, ((masks.get(token) ?? 0) | mask) >>> 0);
  };
  for (let i = 1; i < units.length; i++) put(units[i - 1]! + units[i]!, (3 << (i - 1)) >>> 0);
  if (units.length >= 4) {
    put(single(units[0]!), 1);
    put(single(units[units.length - 1]!), (1 << (units.length - 1)) >>> 0);
  }
  return { tokens: [...masks.keys()], masks: [...masks.values()], full: fullMask(units.length) };
}

function runClauses(units: readonly string[], single: (unit: string) => string, out: (c: QueryClause) => void): void {
  if (units.length <= MAX_RUN_UNITS) {
    out(runClause(units, single));
    return;
  }
  // windows of MAX_RUN_UNITS units overlapping by one, so every adjacent pair is in some window
  for (let i = 0; i < units.length - 1; i += MAX_RUN_UNITS - 1) {
    out(runClause(units.slice(i, i + MAX_RUN_UNITS), single));
  }
}

const identity = (unit: string): string => unit;
const thaiSingle = (unit: string): string => THAI_SINGLE_PREFIX + unit;

/** The clauses of a query (exported for tests and debugging). */
export function parseQuery(query: string): ParsedQuery {
  const text = query.length > MAX_QUERY_CHARS ? query.slice(0, MAX_QUERY_CHARS) : query;
  const segs = new Segments();
  segment(text, segs);
  const clauses: QueryClause[] = [];
  const atoms: string[] = [];
  const seen = new Set<string>();
  const add = (clause: QueryClause): void => {
    const key = `${clause.full}|${clause.tokens.join("\u0000")}|${clause.masks.join(",")}`;
    if (clause.tokens.length === 0 || seen.has(key)) return;
    seen.add(key);
    clauses.push(clause);
  };
  for (let s = 0; s < segs.count; s++) {
    const raw = text.slice(segs.start[s], segs.end[s]);
    const kind = segs.kind[s];
    if (kind === SEG_WORD) {
      const info = analyzeWord(raw);
      for (const part of info.queryParts) add({ tokens: [part], masks: [1], full: 1 });
      atoms.push(...info.atoms);
    } else if (kind === SEG_THAI) {
      const units = thaiUnits(raw);
      atoms.push(...units);
      if (units.length === 1) {
        add({ tokens: [thaiSingle(units[0]!)], masks: [1], full: 1, thaiUnit: units[0]! });
      } else runClauses(units, thaiSingle, add);
    } else {
      const chars = codePoints(raw);
      atoms.push(...chars);
      if (chars.length === 1) add({ tokens: [chars[0]!], masks: [1], full: 1 });
      else runClauses(chars, identity, add);
    }
  }
  return { clauses, atoms };
}

// ---------------------------------------------------------------------------------------------------
// Builder

const CHUNK_BITS = 20;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;
const CACHE_LIMIT = 1 << 18;

function growInt32(a: Int32Array, min: number, fill: number): Int32Array<ArrayBuffer> {
  let n = a.length;
  while (n < min) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
function growUint32(a: Uint32Array, min: number): Uint32Array<ArrayBuffer> {
  let n = a.length;
  while (n < min) n *= 2;
  const b = new Uint32Array(n);
  b.set(a);
  return b;
}
function growUint16(a: Uint16Array, min: number): Uint16Array<ArrayBuffer> {
  let n = a.length;
  while (n < min) n *= 2;
  const b = new Uint16Array(n);
  b.set(a);
  return b;
}

interface BoostedEntry {
  ids: Int32Array;
  phrase: number;
}

/**
 * Collects documents; build() freezes them into a TextIndex. Doc ids are dense: the n-th add() must
 * use doc id n (0-based). A builder builds once.
 */
export class TextIndexBuilder {
  #terms: string[] = [];
  #ids = new Map<string, number>();
  #df = new Uint32Array(1024);
  #mark = new Int32Array(1024); // doc id + 1 of the last doc that used the term
  #slot = new Int32Array(1024); // its slot in the current doc
  #locTerm = new Int32Array(256);
  #locTf = new Uint8Array(256);
  #locCount = 0;
  #tokenCount = 0;
  #cur = 0;
  #chunkTerms: Uint32Array[] = [];
  #chunkTfs: Uint8Array[] = [];
  #postings = 0;
  #docEnd = new Uint32Array(1024);
  #docLen = new Uint16Array(1024);
  #docs = 0;
  #maxTypeAtoms = 0;
  #built = false;
  #segs = new Segments();
  #hanUni = new Int32Array(HAN_SPAN).fill(-1);
  #hanBi = new Map<number, number>();
  #wordCache = new Map<string, Int32Array>();
  #thaiCache = new Map<string, Int32Array>();
  #boostCache = new Map<string, BoostedEntry>();

  /** Number of documents added so far. */
  get size(): number {
    return this.#docs;
  }

  #term(s: string): number {
    let id = this.#ids.get(s);
    if (id === undefined) {
      id = this.#terms.length;
      this.#terms.push(s);
      this.#ids.set(s, id);
      if (id >= this.#df.length) {
        this.#df = growUint32(this.#df, id + 1);
        this.#mark = growInt32(this.#mark, id + 1, 0);
        this.#slot = growInt32(this.#slot, id + 1, 0);
      }
    }
    return id;
  }

  #hit(id: number, boosted: boolean): void {
    const mark = this.#mark;
    let slot: number;
    if (mark[id] !== this.#cur) {
      mark[id] = this.#cur;
      slot = this.#locCount++;
      if (slot >= this.#locTerm.length) {
        this.#locTerm = growInt32(this.#locTerm, slot + 1, 0);
        const tf = new Uint8Array(this.#locTerm.length);
        tf.set(this.#locTf);
        this.#locTf = tf;
      }
      this.#slot[id] = slot;
      this.#locTerm[slot] = id;
      this.#locTf[slot] = 0;
      this.#df[id]!++;
    } else slot = this.#slot[id]!;
    const v = this.#locTf[slot]!;
    if (boosted) this.#locTf[slot] = v | BOOST_BIT;
    else {
      if ((v & TF_MASK) < TF_MASK) this.#locTf[slot] = v + 1;
      this.#tokenCount++;
    }
  }

  #hitAll(ids: Int32Array, boosted: boolean): void {
    for (let i = 0; i < ids.length; i++) this.#hit(ids[i]!, boosted);
  }

  #idsOf(tokens: readonly string[]): Int32Array {
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = this.#term(tokens[i]!);
    return ids;
  }

  #addText(text: string): void {
    const segs = this.#segs;
    segment(text, segs);
    for (let s = 0; s < segs.count; s++) {
      const kind = segs.kind[s]!;
      const start = segs.start[s]!;
      const end = segs.end[s]!;
      if (kind === SEG_HAN) {
        const uni = this.#hanUni;
        const bi = this.#hanBi;
        let prevIndex = -1;
        let prevCode = 0;
        for (let i = start; i < end; i++) {
          const c = text.charCodeAt(i);
          const h = hanIndex(c);
          let id = uni[h]!;
          if (id < 0) {
            id = this.#term(String.fromCharCode(c));
            uni[h] = id;
          }
          this.#hit(id, false);
          if (prevIndex >= 0) {
            const key = prevIndex * HAN_SPAN + h;
            let id2 = bi.get(key);
            if (id2 === undefined) {
              id2 = this.#term(String.fromCharCode(prevCode, c));
              bi.set(key, id2);
            }
            this.#hit(id2, false);
          }
          prevIndex = h;
          prevCode = c;
        }
      } else if (kind === SEG_WORD) {
        const raw = text.slice(start, end);
        let ids = this.#wordCache.get(raw);
        if (ids === undefined) {
          ids = this.#idsOf(analyzeWord(raw).docTokens);
          if (this.#wordCache.size >= CACHE_LIMIT) this.#wordCache.clear();
          this.#wordCache.set(raw, ids);
        }
        this.#hitAll(ids, false);
      } else if (kind === SEG_THAI) {
        const raw = text.slice(start, end);
        let ids = this.#thaiCache.get(raw);
        if (ids === undefined) {
          ids = this.#idsOf(thaiDocTokens(thaiUnits(raw)));
          if (this.#thaiCache.size >= CACHE_LIMIT) this.#thaiCache.clear();
          this.#thaiCache.set(raw, ids);
        }
        this.#hitAll(ids, false);
      } else {
        const out: string[] = [];
        hanDocTokens(codePoints(text.slice(start, end)), out);
        this.#hitAll(this.#idsOf(out), false);
      }
    }
  }

  #addBoosted(text: string): void {
    let entry = this.#boostCache.get(text);
    if (entry === undefined) {
      const atoms = atomsOf(text);
      entry = {
        ids: this.#idsOf(tokenize(text)),
        phrase: atoms.length === 0 ? -1 : this.#term(phraseKey(atoms)),
      };
      if (atoms.length > this.#maxTypeAtoms) this.#maxTypeAtoms = Math.min(atoms.length, MAX_TYPE_ATOMS);
      if (this.#boostCache.size >= CACHE_LIMIT) this.#boostCache.clear();
      this.#boostCache.set(text, entry);
    }
    this.#hitAll(entry.ids, true);
    if (entry.phrase >= 0) this.#hit(entry.phrase, true);
  }

  /**
   * Index one document. `texts`: its titles (any languages); `boosted`: its product-type words (any
   * languages). `docId` must equal the number of documents added before.
   */
  add(docId: number, texts: readonly string[], boosted: readonly string[] = []): void {
    if (this.#built) throw new Error("TextIndexBuilder: already built");
    if (docId !== this.#docs) throw new RangeError(`TextIndexBuilder: doc id ${docId}, expected ${this.#docs}`);
    this.#cur = docId + 1;
    this.#locCount = 0;
    this.#tokenCount = 0;
    for (const text of texts) this.#addText(text);
    for (const text of boosted) this.#addBoosted(text);

    // append the doc's postings to the stream
    const count = this.#locCount;
    if (this.#postings + count > 0xffffffff) throw new RangeError("TextIndexBuilder: too many postings");
    let g = this.#postings;
    for (let k = 0; k < count; k++, g++) {
      const c = g >>> CHUNK_BITS;
      if (c === this.#chunkTerms.length) {
        this.#chunkTerms.push(new Uint32Array(CHUNK_SIZE));
        this.#chunkTfs.push(new Uint8Array(CHUNK_SIZE));
      }
      const j = g & CHUNK_MASK;
      this.#chunkTerms[c]![j] = this.#locTerm[k]!;
      this.#chunkTfs[c]![j] = this.#locTf[k]!;
    }
    this.#postings = g;
    if (docId >= this.#docEnd.length) {
      this.#docEnd = growUint32(this.#docEnd, docId + 1);
      this.#docLen = growUint16(this.#docLen, docId + 1);
    }
    this.#docEnd[docId] = g;
    this.#docLen[docId] = Math.min(this.#tokenCount, 0xffff);
    this.#docs++;
  }

  /** Freeze into a TextIndex (one counting-sort pass over the postings). The builder is spent. */
  build(): TextIndex {
    if (this.#built) throw new Error("TextIndexBuilder: already built");
    this.#built = true;
    const termCount = this.#terms.length;
    const total = this.#postings;
    const offsets = new Uint32Array(termCount + 1);
    let sum = 0;
    for (let t = 0; t < termCount; t++) {
      offsets[t] = sum;
      sum += this.#df[t]!;
    }
    offsets[termCount] = sum;
    if (sum !== total) throw new Error("TextIndexBuilder: posting count mismatch");
    const docIds = new Uint32Array(total);
    const weights = new Uint8Array(total);
    const cursor = offsets.slice(0, termCount);
    // BM25 length normalisation, once per doc: the posting byte keeps the tf factor, quantized
    let lengthSum = 0;
    for (let d = 0; d < this.#docs; d++) lengthSum += this.#docLen[d]!;
    const avgLength = lengthSum > 0 ? lengthSum / this.#docs : 1;
    const factor = new Uint8Array(TF_MASK + 1); // tf → quantized weight for the current doc
    let g = 0;
    for (let d = 0; d < this.#docs; d++) {
      const norm = K1 * (1 - B + (B * this.#docLen[d]!) / avgLength);
      for (let tf = 1; tf <= TF_MASK; tf++) factor[tf] = Math.max(1, Math.round((WEIGHT_STEPS * tf) / (tf + norm)));
      const end = this.#docEnd[d]!;
      while (g < end) {
        const c = g >>> CHUNK_BITS;
        const terms = this.#chunkTerms[c]!;
        const fs = this.#chunkTfs[c]!;
        const stop = Math.min(end, (c + 1) << CHUNK_BITS);
        for (let j = g & CHUNK_MASK; g < stop; g++, j++) {
          const t = terms[j]!;
          const p = cursor[t]!;
          cursor[t] = p + 1;
          docIds[p] = d;
          const v = fs[j]!;
          weights[p] = (v & BOOST_BIT) | factor[v & TF_MASK]!;
        }
        if (stop === (c + 1) << CHUNK_BITS) {
          // chunk consumed: let it go
          this.#chunkTerms[c] = new Uint32Array(0);
          this.#chunkTfs[c] = new Uint8Array(0);
        }
      }
    }
    const index = new TextIndex({
      docCount: this.#docs,
      terms: this.#terms,
      ids: this.#ids,
      offsets,
      docIds,
      weights,
      maxTypeAtoms: this.#maxTypeAtoms,
    });
    this.#chunkTerms = [];
    this.#chunkTfs = [];
    this.#wordCache.clear();
    this.#thaiCache.clear();
    this.#boostCache.clear();
    this.#hanBi.clear();
    return index;
  }
}

// ---------------------------------------------------------------------------------------------------
// Index

export interface SearchResult {
  /** Matching doc ids. */
  docIds: Uint32Array;
  /** Their scores (same order). */
  scores: Float32Array;
}

interface IndexData {
  docCount: number;
  terms: string[];
  ids?: Map<string, number>;
  offsets: Uint32Array;
  docIds: Uint32Array;
  weights: Uint8Array;
  maxTypeAtoms: number;
}

interface PlannedClause {
  terms: number[];
  masks: number[];
  full: number;
  /**
   * terms[0..primary) are the drivers: the tokens covering the unit whose covering tokens are the
   * rarest. Every matching doc holds a driver, so only drivers create candidates; the other terms
   * are checked against the candidates.
   */
  primary: number;
  cost: number;
}

interface Scratch {
  /** Candidate doc ids (ascending) and, per candidate position: coverage bits, clause score, total. */
  list: Uint32Array;
  cover: Uint32Array;
  acc: Float32Array;
  score: Float32Array;
  tmpList: Uint32Array;
  tmpCover: Uint32Array;
  tmpAcc: Float32Array;
  keys: Uint32Array;
  tmpKeys: Uint32Array;
  counts: Uint32Array;
  /** Per doc (stamp, coverage bits, score bits, unused): only for unions of more than 4 lists. */
  state: Uint32Array | null;
}

const MAGIC = "OPNTXI01";
const VERSION = 2; // 2: posting byte = quantized BM25 tf factor (1 held raw tf + doc lengths)
const HEADER_BYTES = 64;

function align8(n: number): number {
  return (n + 7) & ~7;
}

export class TextIndex {
  readonly #docCount: number;
  readonly #terms: string[];
  readonly #ids: Map<string, number>;
  readonly #offsets: Uint32Array;
  readonly #docIds: Uint32Array;
  readonly #weights: Uint8Array;
  readonly #maxTypeAtoms: number;
  #scratch: Scratch | null = null;
  #epoch = 0;
  #thaiUnitTerms: Map<string, number[]> | null = null;

  /** Use TextIndexBuilder.build() or TextIndex.fromBuffer(). */
  constructor(data: IndexData) {
    this.#docCount = data.docCount;
    this.#terms = data.terms;
    this.#ids = data.ids ?? new Map(data.terms.map((s, i) => [s, i]));
    this.#offsets = data.offsets;
    this.#docIds = data.docIds;
    this.#weights = data.weights;
    this.#maxTypeAtoms = data.maxTypeAtoms;
  }

  get docCount(): number {
    return this.#docCount;
  }
  get termCount(): number {
    return this.#terms.length;
  }
  get postingCount(): number {
    return this.#docIds.length;
  }

  /** Bytes held by the posting arrays (not the term dictionary, not the query scratch). */
  get arrayBytes(): number {
    return this.#offsets.byteLength + this.#docIds.byteLength + this.#weights.byteLength;
  }

  /** Number of docs holding the token (a string from tokenize()), 0 if unknown. */
  documentFrequency(token: string): number {
    const id = this.#ids.get(token);
    return id === undefined ? 0 : this.#df(id);
  }

  // ---- query evaluation ---------------------------------------------------------------------------

  #df(term: number): number {
    return this.#offsets[term + 1]! - this.#offsets[term]!;
  }

  #idf(term: number): number {
    const df = this.#df(term);
    return Math.log(1 + (this.#docCount - df + 0.5) / (df + 0.5));
  }

  #thaiBigramsWith(unit: string): number[] {
    if (this.#thaiUnitTerms === null) {
      const map = new Map<string, number[]>();
      for (let id = 0; id < this.#terms.length; id++) {
        const s = this.#terms[id]!;
        const c = s.charCodeAt(0);
        if (c < 0x0e00 || c > 0x0e7f) continue;
        const units = thaiUnits(s);
        if (units.length !== 2) continue;
        for (const u of new Set(units)) {
          const list = map.get(u);
          if (list === undefined) map.set(u, [id]);
          else list.push(id);
        }
      }
      this.#thaiUnitTerms = map;
    }
    return this.#thaiUnitTerms.get(unit) ?? [];
  }

  /** Term-id clauses and phrase ids of a query; null when nothing can match. */
  #plan(query: string): { clauses: PlannedClause[]; phrases: number[] } | null {
    const parsed = parseQuery(query);
    if (parsed.clauses.length === 0 || this.#docCount === 0) return null;
    const clauses: PlannedClause[] = [];
    for (const clause of parsed.clauses) {
      const found: { term: number; mask: number; df: number }[] = [];
      clause.tokens.forEach((token, i) => {
        const id = this.#ids.get(token);
        if (id !== undefined) found.push({ term: id, mask: clause.masks[i]!, df: this.#df(id) });
      });
      if (clause.thaiUnit !== undefined) {
        for (const id of this.#thaiBigramsWith(clause.thaiUnit)) found.push({ term: id, mask: 1, df: this.#df(id) });
      }
      let reachable = 0;
      for (const f of found) reachable |= f.mask;
      // some unit is covered by no indexed token: nothing matches
      if (reachable >>> 0 !== clause.full) return null;
      // driver unit: the one whose covering tokens have the fewest postings in total
      let bestBit = 0;
      let bestCost = Infinity;
      for (let bit = 0; bit < 32; bit++) {
        if (((clause.full >>> bit) & 1) === 0) continue;
        let c = 0;
        for (const f of found) if ((f.mask >>> bit) & 1) c += f.df;
        if (c < bestCost) {
          bestCost = c;
          bestBit = bit;
        }
      }
      const drivers = found.filter((f) => (f.mask >>> bestBit) & 1);
      const others = found.filter((f) => !((f.mask >>> bestBit) & 1)).sort((x, y) => x.df - y.df);
      const ordered = [...drivers, ...others];
      clauses.push({
        terms: ordered.map((f) => f.term),
        masks: ordered.map((f) => f.mask),
        full: clause.full,
        primary: drivers.length,
        cost: bestCost,
      });
    }
    clauses.sort((a, b) => a.cost - b.cost);
    // product-type phrases: greedy longest match over the atoms
    const phrases: number[] = [];
    const atoms = parsed.atoms;
    for (let i = 0; i < atoms.length; ) {
      let matched = 0;
      for (let len = Math.min(this.#maxTypeAtoms, atoms.length - i); len >= 1; len--) {
        const id = this.#ids.get(phraseKey(atoms.slice(i, i + len)));
        if (id !== undefined) {
          if (!phrases.includes(id)) phrases.push(id);
          matched = len;
          break;
        }
      }
      i += matched > 0 ? matched : 1;
    }
    return { clauses, phrases };
  }

  #scratchArrays(): Scratch {
    if (this.#scratch === null) {
      const n = Math.max(1, this.#docCount);
      this.#scratch = {
        list: new Uint32Array(n),
        cover: new Uint32Array(n),
        acc: new Float32Array(n),
        score: new Float32Array(n),
        tmpList: new Uint32Array(n),
        tmpCover: new Uint32Array(n),
        tmpAcc: new Float32Array(n),
        keys: new Uint32Array(n),
        tmpKeys: new Uint32Array(n),
        counts: new Uint32Array(2048),
        state: null,
      };
    }
    return this.#scratch;
  }

  /**
   * Union of many posting lists into sc.list / sc.cover / sc.acc (ascending doc ids), through a
   * per-doc state array and one sort. Returns the count.
   */
  #unionMany(sc: Scratch, terms: readonly number[], masks: readonly number[], count: number): number {
    if (sc.state === null) sc.state = new Uint32Array(Math.max(1, this.#docCount) * 4);
    const state = sc.state;
    const stateF = new Float32Array(state.buffer, state.byteOffset, state.length);
    if (this.#epoch >= 0xfffffff0) {
      state.fill(0);
      this.#epoch = 0;
    }
    const ep = ++this.#epoch;
    const docIds = this.#docIds;
    const weights = this.#weights;
    const list = sc.list;
    let n = 0;
    for (let ti = 0; ti < count; ti++) {
      const term = terms[ti]!;
      const mask = masks[ti]!;
      const idf = this.#idf(term);
      const end = this.#offsets[term + 1]!;
      for (let p = this.#offsets[term]!; p < end; p++) {
        const d = docIds[p]!;
        const c = idf * WEIGHT_OF[weights[p]!]!;
        const s = d << 2;
        if (state[s] !== ep) {
          state[s] = ep;
          state[s + 1] = mask;
          stateF[s + 2] = c;
          list[n++] = d;
        } else {
          state[s + 1] = state[s + 1]! | mask;
          stateF[s + 2]! += c;
        }
      }
    }
    if (n > this.#docCount >>> 4) {
      let k = 0;
      for (let d = 0; d < this.#docCount; d++) if (state[d << 2] === ep) list[k++] = d;
    } else list.subarray(0, n).sort();
    for (let i = 0; i < n; i++) {
      const s = list[i]! << 2;
      sc.cover[i] = state[s + 1]!;
      sc.acc[i] = stateF[s + 2]!;
    }
    return n;
  }

  /**
   * Evaluate into scratch.list (doc ids, ascending) / scratch.score; returns the match count.
   *
   * Phase 1 (filter): the candidates are the union of the cheapest clause's drivers (merged two
   * posting lists at a time; more than 4 lists through a per-doc state array), narrowed to the docs
   * that hold a driver of every other clause (a necessary condition). Phase 2 (score): each clause's
   * remaining tokens are intersected with the candidates, updating coverage bits and scores stored by
   * candidate position (sequential access, no per-doc arrays); a clause keeps the candidates that
   * cover all its units. Intersections gallop in the longer of the two sorted lists.
   */
  #evaluate(query: string): number {
    const plan = this.#plan(query);
    if (plan === null) return 0;
    const sc = this.#scratchArrays();
    const docIds = this.#docIds;
    const weights = this.#weights;
    const offsets = this.#offsets;
    const clauses = plan.clauses;
    const first = clauses[0]!;
    let n = 0;

    // phase 1: candidates
    if (first.primary > 4) n = this.#unionMany(sc, first.terms, first.masks, first.primary);
    else {
      for (let ti = 0; ti < first.primary; ti++) {
        const term = first.terms[ti]!;
        const m = unionPostings(
          sc.list, sc.cover, sc.acc, n,
          docIds, weights, offsets[term]!, offsets[term + 1]!, first.masks[ti]!, this.#idf(term),
          sc.tmpList, sc.tmpCover, sc.tmpAcc,
        );
        [sc.list, sc.tmpList] = [sc.tmpList, sc.list];
        [sc.cover, sc.tmpCover] = [sc.tmpCover, sc.cover];
        [sc.acc, sc.tmpAcc] = [sc.tmpAcc, sc.acc];
        n = m;
      }
    }
    for (let ci = 1; ci < clauses.length && n > 0; ci++) {
      const clause = clauses[ci]!;
      const hit = sc.tmpCover;
      hit.fill(0, 0, n);
      for (let ti = 0; ti < clause.primary; ti++) {
        const term = clause.terms[ti]!;
        intersectPostings(sc.list, hit, sc.tmpAcc, n, docIds, weights, offsets[term]!, offsets[term + 1]!, 1, 0);
      }
      const { list, cover, acc } = sc;
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (hit[i] === 0) continue;
        list[k] = list[i]!;
        cover[k] = cover[i]!;
        acc[k] = acc[i]!;
        k++;
      }
      n = k;
    }
    if (n === 0) return 0;

    // phase 2: coverage and scores, clause by clause (the first one starts from its drivers)
    sc.score.fill(0, 0, n);
    for (let ci = 0; ci < clauses.length; ci++) {
      const clause = clauses[ci]!;
      if (ci > 0) {
        sc.cover.fill(0, 0, n);
        sc.acc.fill(0, 0, n);
      }
      for (let ti = ci === 0 ? clause.primary : 0; ti < clause.terms.length; ti++) {
        const term = clause.terms[ti]!;
        intersectPostings(
          sc.list, sc.cover, sc.acc, n,
          docIds, weights, offsets[term]!, offsets[term + 1]!, clause.masks[ti]!, this.#idf(term),
        );
      }
      const { list, cover, acc, score } = sc;
      const full = clause.full;
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (cover[i] !== full) continue;
        list[k] = list[i]!;
        score[k] = score[i]! + acc[i]!;
        k++;
      }
      n = k;
      if (n === 0) return 0;
    }

    if (plan.phrases.length > 0) {
      // exact product-type words of the query: EXACT_TYPE_BONUS per one the doc has
      const { list, cover, acc, score } = sc;
      for (const term of plan.phrases) {
        cover.fill(0, 0, n);
        acc.fill(0, 0, n);
        intersectPostings(list, cover, acc, n, docIds, weights, offsets[term]!, offsets[term + 1]!, 1, 0);
        for (let i = 0; i < n; i++) if (cover[i] !== 0) score[i] = score[i]! + EXACT_TYPE_BONUS;
      }
    }
    return n;
  }

  /**
   * All matching docs in ascending doc-id order (no ranking work), with their scores. For callers
   * that re-sort by price or sales themselves, or only need the match set.
   */
  match(query: string): SearchResult {
    const n = this.#evaluate(query);
    if (n === 0) return emptyResult();
    const sc = this.#scratch!;
    return { docIds: sc.list.slice(0, n), scores: sc.score.slice(0, n) };
  }

  /** Number of matching docs. */
  count(query: string): number {
    return this.#evaluate(query);
  }

  /** All matching docs, by score descending, then doc id ascending. Empty query: no matches. */
  search(query: string): SearchResult {
    const n = this.#evaluate(query);
    if (n === 0) return emptyResult();
    const sc = this.#scratch!;
    // candidates are in doc order; a stable LSD radix sort (11-bit digits) on key = ~bits(float32
    // score), ascending, orders them by score descending (scores are ≥ 0), ties by doc id
    let list = sc.list;
    let tmpList = sc.tmpList;
    let keys = sc.keys;
    let tmpKeys = sc.tmpKeys;
    const bits = new Uint32Array(sc.score.buffer, sc.score.byteOffset, n);
    for (let i = 0; i < n; i++) keys[i] = ~bits[i]! >>> 0;
    for (let shift = 0; shift < 32; shift += 11) {
      if (radixPass(keys, list, tmpKeys, tmpList, n, shift, sc.counts)) {
        [keys, tmpKeys] = [tmpKeys, keys];
        [list, tmpList] = [tmpList, list];
      }
    }
    const outDocs = list.slice(0, n);
    const outScores = new Float32Array(n);
    const outBits = new Uint32Array(outScores.buffer);
    for (let i = 0; i < n; i++) outBits[i] = ~keys[i]! >>> 0;
    return { docIds: outDocs, scores: outScores };
  }

  // ---- persistence --------------------------------------------------------------------------------

  /** Binary image of the index (deterministic: the same adds give the same bytes). */
  toBuffer(): Buffer {
    const termBlob = Buffer.from(this.#terms.join("\u0000"), "utf8");
    const termCount = this.#terms.length;
    const postings = this.#docIds.length;
    const oTerms = HEADER_BYTES;
    const oOffsets = align8(oTerms + termBlob.length);
    const oDocIds = align8(oOffsets + (termCount + 1) * 4);
    const oWeights = align8(oDocIds + postings * 4);
    const total = align8(oWeights + postings);
    assertLittleEndian();
    const buf = Buffer.alloc(total);
    buf.write(MAGIC, 0, "latin1");
    buf.writeUInt32LE(VERSION, 8);
    buf.writeUInt32LE(this.#docCount, 12);
    buf.writeUInt32LE(termCount, 16);
    buf.writeUInt32LE(postings, 20);
    buf.writeUInt32LE(this.#maxTypeAtoms, 24);
    buf.writeUInt32LE(termBlob.length, 28);
    termBlob.copy(buf, oTerms);
    const copy = (a: ArrayBufferView, at: number): void => {
      buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    };
    copy(this.#offsets, oOffsets);
    copy(this.#docIds, oDocIds);
    copy(this.#weights, oWeights);
    return buf;
  }

  /** Load an image written by toBuffer(); the posting arrays are views onto `buf` (keep it alive). */
  static fromBuffer(input: Buffer): TextIndex {
    assertLittleEndian();
    if (input.length < HEADER_BYTES || input.toString("latin1", 0, 8) !== MAGIC) {
      throw new Error("TextIndex.fromBuffer: not a text index image");
    }
    if (input.readUInt32LE(8) !== VERSION) throw new Error("TextIndex.fromBuffer: unsupported version");
    let buf = input;
    if (input.byteOffset % 8 !== 0) {
      // typed-array views need aligned offsets: copy into a buffer of its own (offset 0)
      buf = Buffer.allocUnsafeSlow(input.length);
      input.copy(buf);
    }
    const docCount = buf.readUInt32LE(12);
    const termCount = buf.readUInt32LE(16);
    const postings = buf.readUInt32LE(20);
    const maxTypeAtoms = buf.readUInt32LE(24);
    const termBytes = buf.readUInt32LE(28);
    const oTerms = HEADER_BYTES;
    const oOffsets = align8(oTerms + termBytes);
    const oDocIds = align8(oOffsets + (termCount + 1) * 4);
    const oWeights = align8(oDocIds + postings * 4);
    const total = align8(oWeights + postings);
    if (buf.length < total) throw new Error("TextIndex.fromBuffer: truncated image");
    const terms = termCount === 0 ? [] : buf.toString("utf8", oTerms, oTerms + termBytes).split("\u0000");
    if (terms.length !== termCount) throw new Error("TextIndex.fromBuffer: corrupt term table");
    const base = buf.byteOffset;
    const offsets = new Uint32Array(buf.buffer, base + oOffsets, termCount + 1);
    if (offsets[termCount] !== postings) throw new Error("TextIndex.fromBuffer: corrupt offsets");
    return new TextIndex({
      docCount,
      terms,
      offsets,
      docIds: new Uint32Array(buf.buffer, base + oDocIds, postings),
      weights: new Uint8Array(buf.buffer, base + oWeights, postings),
      maxTypeAtoms,
    });
  }
}

function emptyResult(): SearchResult {
  return { docIds: new Uint32Array(0), scores: new Float32Array(0) };
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error("TextIndex: big-endian hosts are not supported");
}

/**
 * Merge the postings [start, end) of a term (mask, idf) into the sorted candidates (docs, cover,
 * acc, n), writing the union to out*. Returns its size.
 */
function unionPostings(
  docs: Uint32Array,
  cover: Uint32Array,
  acc: Float32Array,
  n: number,
  docIds: Uint32Array,
  weights: Uint8Array,
  start: number,
  end: number,
  mask: number,
  idf: number,
  outDocs: Uint32Array,
  outCover: Uint32Array,
  outAcc: Float32Array,
): number {
  let i = 0;
  let p = start;
  let k = 0;
  while (i < n && p < end) {
    const a = docs[i]!;
    const b = docIds[p]!;
    if (a < b) {
      outDocs[k] = a;
      outCover[k] = cover[i]!;
      outAcc[k] = acc[i]!;
      i++;
    } else if (b < a) {
      outDocs[k] = b;
      outCover[k] = mask;
      outAcc[k] = idf * WEIGHT_OF[weights[p]!]!;
      p++;
    } else {
      outDocs[k] = a;
      outCover[k] = cover[i]! | mask;
      outAcc[k] = acc[i]! + idf * WEIGHT_OF[weights[p]!]!;
      i++;
      p++;
    }
    k++;
  }
  for (; i < n; i++, k++) {
    outDocs[k] = docs[i]!;
    outCover[k] = cover[i]!;
    outAcc[k] = acc[i]!;
  }
  for (; p < end; p++, k++) {
    outDocs[k] = docIds[p]!;
    outCover[k] = mask;
    outAcc[k] = idf * WEIGHT_OF[weights[p]!]!;
  }
  return k;
}

/** First index in [lo, hi) of `a` whose value is ≥ target (a is ascending), galloping from lo. */
function gallop(a: Uint32Array, lo: number, hi: number, target: number): number {
  if (lo >= hi || a[lo]! >= target) return lo;
  let step = 1;
  let prev = lo;
  let probe = lo + 1;
  while (probe < hi && a[probe]! < target) {
    prev = probe;
    step <<= 1;
    probe = prev + step;
  }
  if (probe > hi) probe = hi;
  let l = prev + 1;
  let h = probe;
  while (l < h) {
    const mid = (l + h) >>> 1;
    if (a[mid]! < target) l = mid + 1;
    else h = mid;
  }
  return l;
}

/**
 * For every candidate also in the postings [start, end): cover |= mask, acc += idf × weight. Gallops
 * in the longer of the two sorted lists.
 */
function intersectPostings(
  docs: Uint32Array,
  cover: Uint32Array,
  acc: Float32Array,
  n: number,
  docIds: Uint32Array,
  weights: Uint8Array,
  start: number,
  end: number,
  mask: number,
  idf: number,
): void {
  if (end - start <= n) {
    let i = 0;
    for (let p = start; p < end && i < n; p++) {
      i = gallop(docs, i, n, docIds[p]!);
      if (i < n && docs[i] === docIds[p]) {
        cover[i] = cover[i]! | mask;
        acc[i]! += idf * WEIGHT_OF[weights[p]!]!;
        i++;
      }
    }
  } else {
    let p = start;
    for (let i = 0; i < n && p < end; i++) {
      const d = docs[i]!;
      p = gallop(docIds, p, end, d);
      if (p < end && docIds[p] === d) {
        cover[i] = cover[i]! | mask;
        acc[i]! += idf * WEIGHT_OF[weights[p]!]!;
        p++;
      }
    }
  }
}

/**
 * One stable LSD radix pass on 11 bits of `keys`, moving the docs along. Returns false (and moves
 * nothing) when every key has the same digit.
 */
function radixPass(
  keys: Uint32Array,
  docs: Uint32Array,
  outKeys: Uint32Array,
  outDocs: Uint32Array,
  n: number,
  shift: number,
  counts: Uint32Array,
): boolean {
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & 0x7ff]!++;
  for (let b = 0; b < 2048; b++) if (counts[b] === n) return false;
  let sum = 0;
  for (let b = 0; b < 2048; b++) {
    const c = counts[b]!;
    counts[b] = sum;
    sum += c;
  }
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    const pos = counts[(k >>> shift) & 0x7ff]!++;
    outKeys[pos] = k;
    outDocs[pos] = docs[i]!;
  }
  return true;
}
