// Multilingual vocabulary of the sandbox marketplace: the category tree, the product-type nouns, the
// title modifiers and the SKU properties the catalogue generator composes items from.
//
// Everything here is hand-written and exact: every Term carries its Chinese, English, Thai and
// Vietnamese form, and a generated title in any language is composed from the very same Terms
// (composeTitle), so a shopper searching the English, Thai or Vietnamese type word finds the items whose
// Chinese title holds the Chinese type word. Nothing is machine-translated at runtime.
//
// Shapes follow the goods API (reference/taobao.md §1, reference/alibaba-1688.md §0.6, §1.5):
// - categories: 1688-like numeric ids, 3 levels, parent 0 for level 1, names in four languages
//   (`chineseName` / `translatedName` of the 1688 category call);
// - SKU properties: Taobao-like `propId` / `valueId` numbers (1627207 颜色分类, 20509 尺码, 20549 鞋码)
//   with names in four languages (`propName` / `valueName`, 1688 `attributeNameTrans` / `valueTrans`).
//
// Stability: ids, the order of the lists and the texts are part of the generated catalogue (a change
// changes the items); append, do not reorder.

export type Lang = "zh" | "en" | "th" | "vi";
export const LANGS: readonly Lang[] = ["zh", "en", "th", "vi"];

export interface Term {
  zh: string;
  en: string;
  th: string;
  vi: string;
}

function t(zh: string, en: string, th: string, vi: string): Term {
  return { zh, en, th, vi };
}

// ---------------------------------------------------------------------------------------------------
// SKU properties

export type PropertyKey =
  | "color"
  | "clothingSize"
  | "shoeSize"
  | "kidsHeight"
  | "kidsShoeSize"
  | "storage"
  | "memory"
  | "package"
  | "packQuantity"
  | "phoneModel"
  | "volume"
  | "netContent"
  | "weight"
  | "bedSize"
  | "panDiameter"
  | "genericSize"
  | "ringSize"
  | "cableLength"
  | "chargerPower"
  | "batteryCapacity"
  | "plug";

export interface SkuValue {
  valueId: number;
  name: Term;
}

export interface SkuProperty {
  key: PropertyKey;
  propId: number;
  name: Term;
  values: readonly SkuValue[];
}

/** The colours, shared by the colour modifiers of titles and the 颜色分类 SKU values. */
const COLORS: readonly (readonly [number, Term])[] = [
  [28341, t("黑色", "black", "สีดำ", "màu đen")],
  [28320, t("白色", "white", "สีขาว", "màu trắng")],
  [28326, t("红色", "red", "สีแดง", "màu đỏ")],
  [28338, t("蓝色", "blue", "สีน้ำเงิน", "màu xanh dương")],
  [28335, t("绿色", "green", "สีเขียว", "màu xanh lá")],
  [28324, t("黄色", "yellow", "สีเหลือง", "màu vàng")],
  [3232480, t("粉色", "pink", "สีชมพู", "màu hồng")],
  [28329, t("紫色", "purple", "สีม่วง", "màu tím")],
  [28334, t("灰色", "grey", "สีเทา", "màu xám")],
  [3232481, t("棕色", "brown", "สีน้ำตาล", "màu nâu")],
  [3232482, t("橙色", "orange", "สีส้ม", "màu cam")],
  [3232483, t("米色", "beige", "สีเบจ", "màu be")],
  [3232484, t("卡其色", "khaki", "สีกากี", "màu kaki")],
  [28340, t("藏青色", "navy blue", "สีกรมท่า", "màu xanh than")],
  [28327, t("酒红色", "wine red", "สีแดงไวน์", "màu đỏ rượu vang")],
  [3232485, t("天蓝色", "sky blue", "สีฟ้า", "màu xanh da trời")],
  [28332, t("浅灰色", "light grey", "สีเทาอ่อน", "màu xám nhạt")],
  [3232486, t("深灰色", "dark grey", "สีเทาเข้ม", "màu xám đậm")],
  [28330, t("银色", "silver", "สีเงิน", "màu bạc")],
  [28331, t("金色", "gold", "สีทอง", "màu vàng kim")],
  [3232487, t("玫瑰金", "rose gold", "สีโรสโกลด์", "màu vàng hồng")],
  [3232488, t("透明色", "transparent", "สีใส", "màu trong suốt")],
  [3232489, t("杏色", "apricot", "สีแอปริคอต", "màu mơ")],
  [3232490, t("军绿色", "army green", "สีเขียวทหาร", "màu xanh rêu")],
  [3232491, t("香槟色", "champagne", "สีแชมเปญ", "màu sâm panh")],
  [3232492, t("薄荷绿", "mint green", "สีเขียวมิ้นท์", "màu xanh bạc hà")],
];

function values(firstId: number, terms: readonly Term[]): SkuValue[] {
  return terms.map((name, i) => ({ valueId: firstId + i, name }));
}

function same(text: string): Term {
  return t(text, text, text, text);
}

export const SKU_PROPERTIES: readonly SkuProperty[] = [
  {
    key: "color",
    propId: 1627207,
    name: t("颜色分类", "Color", "สี", "Màu sắc"),
    values: COLORS.map(([valueId, name]) => ({ valueId, name })),
  },
  {
    key: "clothingSize",
    propId: 20509,
    name: t("尺码", "Size", "ไซซ์", "Kích cỡ"),
    values: [
      { valueId: 28313, name: same("XS") },
      { valueId: 28314, name: same("S") },
      { valueId: 28315, name: same("M") },
      { valueId: 28316, name: same("L") },
      { valueId: 28317, name: same("XL") },
      { valueId: 28318, name: same("XXL") },
      { valueId: 28319, name: same("XXXL") },
    ],
  },
  {
    key: "shoeSize",
    propId: 20549,
    name: t("鞋码", "Shoe size", "ไซซ์รองเท้า", "Cỡ giày"),
    values: values(3267935, [35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45].map((n) => same(String(n)))),
  },
  {
    key: "kidsHeight",
    propId: 122216343,
    name: t("参考身高", "Recommended height", "ส่วนสูงที่แนะนำ", "Chiều cao tham khảo"),
    values: values(
      3267960,
      [73, 80, 90, 100, 110, 120, 130, 140, 150, 160].map((n) => t(`${n}cm`, `${n} cm`, `${n} ซม.`, `${n} cm`)),
    ),
  },
  {
    key: "kidsShoeSize",
    propId: 122216515,
    name: t("童鞋码", "Kids' shoe size", "ไซซ์รองเท้าเด็ก", "Cỡ giày trẻ em"),
    values: values(3267980, [22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34].map((n) => same(String(n)))),
  },
  {
    key: "storage",
    propId: 12304035,
    name: t("存储容量", "Storage capacity", "ความจุ", "Dung lượng lưu trữ"),
    values: values(
      3268010,
      ["16GB", "32GB", "64GB", "128GB", "256GB", "512GB", "1TB", "2TB"].map((s) => same(s)),
    ),
  },
  {
    key: "memory",
    propId: 122216588,
    name: t("运行内存", "RAM", "แรม", "RAM"),
    values: values(3268030, ["4GB", "6GB", "8GB", "12GB", "16GB", "32GB"].map((s) => same(s))),
  },
  {
    key: "package",
    propId: 5919063,
    name: t("套餐类型", "Package", "แพ็กเกจ", "Gói sản phẩm"),
    values: values(3268050, [
      t("官方标配", "standard", "มาตรฐาน", "tiêu chuẩn"),
      t("套餐一", "package 1", "แพ็กเกจ 1", "gói 1"),
      t("套餐二", "package 2", "แพ็กเกจ 2", "gói 2"),
      t("套餐三", "package 3", "แพ็กเกจ 3", "gói 3"),
      t("套餐四", "package 4", "แพ็กเกจ 4", "gói 4"),
    ]),
  },
  {
    key: "packQuantity",
    propId: 122216620,
    name: t("数量", "Quantity", "จำนวน", "Số lượng"),
    values: values(
      3268070,
      [1, 2, 3, 5, 10, 20].map((n) => t(`${n}件装`, n === 1 ? "1 piece" : `pack of ${n}`, `${n} ชิ้น`, `${n} cái`)),
    ),
  },
  {
    key: "phoneModel",
    propId: 122216507,
    name: t("适用型号", "Compatible model", "รุ่นที่รองรับ", "Dòng máy tương thích"),
    values: values(3268090, [
      same("iPhone 15"),
      same("iPhone 15 Pro"),
      same("iPhone 15 Pro Max"),
      same("iPhone 14"),
      same("iPhone 13"),
      t("华为 Mate 60", "Huawei Mate 60", "Huawei Mate 60", "Huawei Mate 60"),
      t("华为 P60", "Huawei P60", "Huawei P60", "Huawei P60"),
      t("小米 14", "Xiaomi 14", "Xiaomi 14", "Xiaomi 14"),
      t("三星 Galaxy S24", "Samsung Galaxy S24", "Samsung Galaxy S24", "Samsung Galaxy S24"),
      same("OPPO Reno11"),
      same("vivo X100"),
      t("荣耀 Magic6", "Honor Magic6", "Honor Magic6", "Honor Magic6"),
    ]),
  },
  {
    key: "volume",
    propId: 122216606,
    name: t("容量", "Capacity", "ความจุ", "Dung tích"),
    values: values(
      3268110,
      ["300ml", "350ml", "500ml", "750ml", "1L", "1.5L", "2L", "3L", "5L"].map((s) => same(s)),
    ),
  },
  {
    key: "netContent",
    propId: 122216608,
    name: t("净含量", "Net content", "ปริมาณสุทธิ", "Khối lượng tịnh"),
    values: values(3268130, ["3.5g", "10g", "15ml", "30ml", "50g", "50ml", "100ml", "200ml", "400ml"].map((s) => same(s))),
  },
  {
    key: "weight",
    propId: 122216610,
    name: t("重量", "Weight", "น้ำหนัก", "Trọng lượng"),
    values: values(3268150, ["500g", "1kg", "1.5kg", "2kg", "5kg", "10kg", "20kg"].map((s) => same(s))),
  },
  {
    key: "bedSize",
    propId: 122276111,
    name: t("适用床尺寸", "Bed size", "ขนาดเตียง", "Kích thước giường"),
    values: values(3268170, [
      t("1.2m床", "1.2 m bed", "เตียง 1.2 ม.", "giường 1m2"),
      t("1.5m床", "1.5 m bed", "เตียง 1.5 ม.", "giường 1m5"),
      t("1.8m床", "1.8 m bed", "เตียง 1.8 ม.", "giường 1m8"),
      t("2.0m床", "2.0 m bed", "เตียง 2.0 ม.", "giường 2m"),
    ]),
  },
  {
    key: "panDiameter",
    propId: 122216631,
    name: t("锅身直径", "Diameter", "เส้นผ่านศูนย์กลาง", "Đường kính"),
    values: values(3268190, [18, 20, 24, 26, 28, 30, 32, 34].map((n) => t(`${n}cm`, `${n} cm`, `${n} ซม.`, `${n} cm`))),
  },
  {
    key: "genericSize",
    propId: 122216345,
    name: t("规格", "Specification", "ขนาด", "Quy cách"),
    values: values(3268210, [
      t("小号", "small", "ขนาดเล็ก", "cỡ nhỏ"),
      t("中号", "medium", "ขนาดกลาง", "cỡ vừa"),
      t("大号", "large", "ขนาดใหญ่", "cỡ lớn"),
      t("特大号", "extra large", "ขนาดใหญ่พิเศษ", "cỡ đại"),
    ]),
  },
  {
    key: "ringSize",
    propId: 122216351,
    name: t("戒指尺寸", "Ring size", "ไซซ์แหวน", "Size nhẫn"),
    values: values(
      3268230,
      [6, 8, 10, 12, 14, 16, 18, 20].map((n) => t(`${n}号`, `size ${n}`, `เบอร์ ${n}`, `size ${n}`)),
    ),
  },
  {
    key: "cableLength",
    propId: 122216347,
    name: t("线长", "Cable length", "ความยาวสาย", "Chiều dài dây"),
    values: values(3268250, ["0.5m", "1m", "1.5m", "2m", "3m"].map((s) => same(s))),
  },
  {
    key: "chargerPower",
    propId: 122216329,
    name: t("输出功率", "Output power", "กำลังไฟ", "Công suất"),
    values: values(3268270, ["20W", "33W", "45W", "65W", "100W", "120W"].map((s) => same(s))),
  },
  {
    key: "batteryCapacity",
    propId: 122216586,
    name: t("电池容量", "Battery capacity", "ความจุแบตเตอรี่", "Dung lượng pin"),
    values: values(3268290, ["5000mAh", "10000mAh", "20000mAh", "30000mAh"].map((s) => same(s))),
  },
  {
    key: "plug",
    propId: 122216431,
    name: t("插头规格", "Plug type", "ประเภทปลั๊ก", "Loại phích cắm"),
    values: values(3268310, [
      t("国标", "China plug", "ปลั๊กจีน", "phích cắm Trung Quốc"),
      t("美规", "US plug", "ปลั๊กอเมริกา", "phích cắm Mỹ"),
      t("欧规", "EU plug", "ปลั๊กยุโรป", "phích cắm châu Âu"),
      t("英规", "UK plug", "ปลั๊กอังกฤษ", "phích cắm Anh"),
    ]),
  },
];

const PROPERTY_BY_KEY = new Map<PropertyKey, SkuProperty>(SKU_PROPERTIES.map((p) => [p.key, p]));

export function skuProperty(key: PropertyKey): SkuProperty {
  const p = PROPERTY_BY_KEY.get(key);
  if (p === undefined) throw new Error(`unknown SKU property ${key}`);
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Modifiers

/**
 * Kinds of title modifier. The kind decides the word order of a composed title in each language
 * (composeTitle) and lets the generator take at most one modifier per kind.
 */
export type ModifierKind =
  | "marketing"
  | "season"
  | "style"
  | "audience"
  | "feature"
  | "size"
  | "color"
  | "pattern"
  | "material";

export const MODIFIER_KINDS: readonly ModifierKind[] = [
  "marketing",
  "season",
  "style",
  "audience",
  "feature",
  "size",
  "color",
  "pattern",
  "material",
];

/** A modifier is a Term (usable as-is in composeTitle) with its kind and the tags it applies to. */
export interface Modifier extends Term {
  kind: ModifierKind;
  /** Category tags (see CategoryNode tags); a modifier applies to a leaf sharing one of them. */
  domains: readonly string[];
}

// Category tags. Product-family tags say what the goods are made of / used for; audience tags say who
// a leaf's goods can be for.
const CLOTHES = ["clothing", "underwear", "kidswear", "sportswear", "petwear"];
const SOFT = [...CLOTHES, "bedding", "baby"];
const WEARABLE = [...CLOTHES, "shoes", "bags"];
const ELECTRIC = ["phone", "phoneAcc", "audio", "gadget", "storage", "computer", "peripheral", "appliance", "carElectronics"];
const ALL_GOODS = [
  ...WEARABLE, "bedding", "baby", "toys", "homegoods", "furniture", "cookware", "tableware", "drinkware",
  "makeup", "personalCare", ...ELECTRIC, "fitness", "outdoor", "ball", "cycling", "stationery", "office",
  "pet", "auto", "jewelry", "watch", "eyewear", "hairAcc",
];
const COLORED = ALL_GOODS.filter((d) => d !== "makeup" && d !== "personalCare");

type Row = readonly [zh: string, en: string, th: string, vi: string, domains?: readonly string[]];

function group(kind: ModifierKind, domains: readonly string[], rows: readonly Row[]): Modifier[] {
  return rows.map(([zh, en, th, vi, own]) => ({ zh, en, th, vi, kind, domains: own ?? domains }));
}

export const MODIFIERS: readonly Modifier[] = [
  ...group("marketing", ALL_GOODS, [
    ["新款", "new", "รุ่นใหม่", "mẫu mới"],
    ["爆款", "best-selling", "ขายดี", "bán chạy"],
    ["正品", "authentic", "ของแท้", "chính hãng"],
    ["高档", "premium", "พรีเมียม", "cao cấp"],
    ["网红", "trending", "ตามกระแส", "hot trend"],
    ["工厂直销", "factory direct", "ส่งตรงจากโรงงาน", "giá tận xưởng"],
    ["批发", "wholesale", "ขายส่ง", "bán sỉ"],
    ["包邮", "free shipping", "ส่งฟรี", "miễn phí vận chuyển"],
    ["清仓", "clearance", "ล้างสต็อก", "xả kho"],
    ["定制", "customizable", "สั่งทำได้", "tùy chỉnh theo yêu cầu"],
  ]),
  ...group("season", [...CLOTHES, "shoes", "bedding", "baby"], [
    ["春季", "spring", "ฤดูใบไม้ผลิ", "mùa xuân"],
    ["夏季", "summer", "ฤดูร้อน", "mùa hè"],
    ["秋季", "autumn", "ฤดูใบไม้ร่วง", "mùa thu"],
    ["冬季", "winter", "ฤดูหนาว", "mùa đông"],
    ["四季通用", "all-season", "ใช้ได้ทุกฤดู", "dùng quanh năm"],
    ["春秋款", "spring-autumn", "สำหรับฤดูใบไม้ผลิและใบไม้ร่วง", "xuân thu"],
  ]),
  ...group("style", [...CLOTHES, "shoes", "bags"], [
    ["韩版", "Korean-style", "สไตล์เกาหลี", "phong cách Hàn Quốc"],
    ["复古", "vintage", "วินเทจ", "cổ điển", [...WEARABLE, "homegoods", "furniture", "jewelry", "watch", "eyewear", "tableware"]],
    ["简约", "minimalist", "มินิมอล", "tối giản", [...WEARABLE, "homegoods", "furniture", "tableware", "drinkware", "phoneAcc", "watch", "stationery", "jewelry"]],
    ["休闲", "casual", "ลำลอง", "dạo phố", [...WEARABLE, "watch"]],
    ["商务", "business", "ธุรกิจ", "công sở", [...WEARABLE, "watch", "computer", "stationery", "office"]],
    ["运动风", "sporty", "สปอร์ต", "thể thao", [...WEARABLE, "watch", "eyewear", "audio"]],
    ["法式", "French-style", "สไตล์ฝรั่งเศส", "phong cách Pháp"],
    ["日系", "Japanese-style", "สไตล์ญี่ปุ่น", "phong cách Nhật Bản", [...WEARABLE, "homegoods", "tableware", "stationery"]],
    ["ins风", "Instagram-style", "สไตล์อินสตาแกรม", "phong cách Instagram", [...WEARABLE, "homegoods", "tableware", "drinkware", "phoneAcc", "stationery", "jewelry"]],
    ["国潮", "China-chic", "สไตล์จีนร่วมสมัย", "phong cách Trung Hoa hiện đại", [...WEARABLE, "toys"]],
    ["卡通", "cartoon", "การ์ตูน", "hoạt hình", ["kidswear", "baby", "toys", "phoneAcc", "stationery", "drinkware", "bags", "petwear", "bedding"]],
    ["可爱", "cute", "น่ารัก", "dễ thương", ["kidswear", "baby", "toys", "phoneAcc", "stationery", "drinkware", "bags", "petwear", "pet", "hairAcc", "jewelry"]],
    ["北欧", "Nordic", "สไตล์นอร์ดิก", "phong cách Bắc Âu", ["homegoods", "furniture", "tableware", "bedding"]],
    ["中式", "Chinese-style", "สไตล์จีน", "phong cách Trung Hoa", ["clothing", "homegoods", "furniture", "tableware"]],
    ["宽松", "loose-fit", "ทรงหลวม", "dáng rộng", ["clothing", "kidswear", "sportswear"]],
    ["修身", "slim-fit", "ทรงเข้ารูป", "dáng ôm", ["clothing", "sportswear"]],
    ["高腰", "high-waisted", "เอวสูง", "cạp cao", ["clothing", "sportswear"]],
    ["百搭", "versatile", "แมทช์ง่าย", "dễ phối đồ", [...WEARABLE, "jewelry", "hairAcc"]],
    ["轻奢", "affordable luxury", "หรูหรา", "sang trọng", [...WEARABLE, "jewelry", "watch", "homegoods", "furniture"]],
    ["学院风", "preppy", "สไตล์นักเรียน", "phong cách học đường", ["clothing", "shoes", "bags", "stationery"]],
    ["街头", "streetwear", "สตรีท", "phong cách đường phố", ["clothing", "shoes", "bags"]],
    ["优雅", "elegant", "สง่างาม", "thanh lịch", ["clothing", "shoes", "bags", "jewelry", "watch"]],
  ]),
  ...group("audience", [], [
    ["女士", "women's", "ผู้หญิง", "nữ", ["forWomen"]],
    ["男士", "men's", "ผู้ชาย", "nam", ["forMen"]],
    ["儿童", "kids'", "เด็ก", "trẻ em", ["forKids"]],
    ["婴儿", "baby", "ทารก", "em bé", ["forBaby"]],
    ["男童", "boys'", "เด็กผู้ชาย", "bé trai", ["forKids"]],
    ["女童", "girls'", "เด็กผู้หญิง", "bé gái", ["forKids"]],
    ["情侣", "couple's", "คู่รัก", "cặp đôi", ["forCouple"]],
    ["学生", "student", "นักเรียน", "học sinh", ["forStudent"]],
    ["中老年", "elderly", "ผู้สูงอายุ", "trung niên", ["forElderly"]],
    ["孕妇", "maternity", "คนท้อง", "bà bầu", ["maternity"]],
    ["男女同款", "unisex", "ใส่ได้ทั้งชายและหญิง", "unisex nam nữ", ["unisex"]],
    ["猫咪专用", "for cats", "สำหรับแมว", "cho mèo", ["forCat"]],
    ["狗狗专用", "for dogs", "สำหรับสุนัข", "cho chó", ["forDog"]],
    ["家用", "household", "สำหรับใช้ในบ้าน", "gia đình", ["appliance", "homegoods", "cookware", "fitness", "office"]],
    ["车载", "in-car", "ติดรถยนต์", "trên ô tô", ["carElectronics", "auto"]],
  ]),
  ...group("feature", [], [
    // clothing
    ["防晒", "sun-protective", "กันแดด", "chống nắng", ["clothing", "sportswear", "kidswear", "eyewear"]],
    ["加绒", "fleece-lined", "บุขนนุ่ม", "lót nỉ", ["clothing", "kidswear", "shoes", "sportswear"]],
    ["加厚", "thickened", "หนาพิเศษ", "dày dặn", ["clothing", "kidswear", "bedding", "petwear", "homegoods", "stationery", "fitness"]],
    ["薄款", "thin", "บางเบา", "mỏng nhẹ", ["clothing", "kidswear", "bedding", "sportswear", "underwear"]],
    ["透气", "breathable", "ระบายอากาศได้ดี", "thoáng khí", [...CLOTHES, "shoes", "bedding", "baby"]],
    ["显瘦", "slimming", "ใส่แล้วดูผอม", "tôn dáng", ["clothing", "sportswear"]],
    ["长袖", "long-sleeve", "แขนยาว", "tay dài", ["clothing", "kidswear", "underwear", "sportswear"]],
    ["短袖", "short-sleeve", "แขนสั้น", "tay ngắn", ["clothing", "kidswear", "underwear", "sportswear"]],
    ["无袖", "sleeveless", "แขนกุด", "sát nách", ["clothing", "kidswear", "sportswear"]],
    ["连帽", "hooded", "มีฮู้ด", "có mũ", ["clothing", "kidswear", "sportswear"]],
    ["速干", "quick-dry", "แห้งเร็ว", "nhanh khô", ["clothing", "sportswear", "outdoor", "stationery"]],
    ["弹力", "stretch", "ยืดหยุ่น", "co giãn", ["clothing", "sportswear", "underwear"]],
    ["无钢圈", "wire-free", "ไร้โครง", "không gọng", ["underwear"]],
    // shoes
    ["防滑", "non-slip", "กันลื่น", "chống trượt", ["shoes", "fitness", "homegoods", "auto", "phoneAcc"]],
    ["增高", "height-increasing", "เสริมความสูง", "tăng chiều cao", ["shoes"]],
    ["软底", "soft-sole", "พื้นนุ่ม", "đế mềm", ["shoes"]],
    ["厚底", "platform", "พื้นหนา", "đế dày", ["shoes"]],
    ["平底", "flat", "พื้นแบน", "đế bằng", ["shoes"]],
    ["高跟", "high-heel", "ส้นสูง", "gót cao", ["shoes"]],
    ["防水", "waterproof", "กันน้ำ", "chống nước", ["shoes", "bags", "outdoor", "watch", "audio", "gadget", "auto", "phoneAcc", "makeup"]],
    ["轻便", "lightweight", "น้ำหนักเบา", "nhẹ", ["shoes", "bags", "outdoor", "cycling", "computer", "baby"]],
    // bags
    ["大容量", "large-capacity", "ความจุสูง", "dung tích lớn", ["bags", "drinkware", "homegoods", "phoneAcc", "appliance", "stationery"]],
    ["多功能", "multifunctional", "อเนกประสงค์", "đa năng", ["bags", "homegoods", "cookware", "appliance", "outdoor", "auto", "gadget", "office"]],
    ["便携", "portable", "พกพาสะดวก", "tiện mang theo", ["bags", "drinkware", "audio", "gadget", "appliance", "outdoor", "phoneAcc", "storage"]],
    ["斜挎", "crossbody", "สะพายข้าง", "đeo chéo", ["bags"]],
    ["防盗", "anti-theft", "กันขโมย", "chống trộm", ["bags"]],
    // electronics
    ["无线", "wireless", "ไร้สาย", "không dây", ["audio", "peripheral", "phoneAcc", "gadget", "appliance"]],
    ["蓝牙", "Bluetooth", "บลูทูธ", "bluetooth", ["audio", "peripheral", "gadget", "carElectronics"]],
    ["快充", "fast-charging", "ชาร์จเร็ว", "sạc nhanh", ["phone", "phoneAcc", "carElectronics"]],
    ["降噪", "noise-cancelling", "ตัดเสียงรบกวน", "chống ồn", ["audio"]],
    ["5G", "5G", "5G", "5G", ["phone"]],
    ["高清", "HD", "ความละเอียดสูง", "độ nét cao", ["gadget", "peripheral", "carElectronics", "phoneAcc"]],
    ["智能", "smart", "อัจฉริยะ", "thông minh", ["appliance", "gadget", "homegoods", "personalCare"]],
    ["磁吸", "magnetic", "แม่เหล็ก", "hít nam châm", ["phoneAcc", "carElectronics"]],
    ["防摔", "shockproof", "กันกระแทก", "chống sốc", ["phoneAcc", "storage"]],
    ["超薄", "ultra-thin", "บางพิเศษ", "siêu mỏng", ["phone", "phoneAcc", "computer", "peripheral", "watch"]],
    ["电竞", "gaming", "เกมมิ่ง", "gaming", ["peripheral", "computer", "audio", "furniture"]],
    ["静音", "silent", "เสียงเงียบ", "không ồn", ["peripheral", "appliance"]],
    ["大功率", "high-power", "กำลังไฟสูง", "công suất lớn", ["appliance", "phoneAcc"]],
    ["节能", "energy-saving", "ประหยัดพลังงาน", "tiết kiệm điện", ["appliance"]],
    ["USB充电", "USB-rechargeable", "ชาร์จ USB", "sạc USB", ["appliance", "gadget", "toys", "personalCare"]],
    ["触屏", "touchscreen", "หน้าจอสัมผัส", "màn hình cảm ứng", ["computer", "gadget", "carElectronics"]],
    ["高速", "high-speed", "ความเร็วสูง", "tốc độ cao", ["storage", "peripheral", "phoneAcc"]],
    // kitchen & home
    ["不粘", "non-stick", "ไม่ติดกระทะ", "chống dính", ["cookware"]],
    ["耐高温", "heat-resistant", "ทนความร้อน", "chịu nhiệt", ["cookware", "tableware", "drinkware"]],
    ["保温", "insulated", "เก็บอุณหภูมิ", "giữ nhiệt", ["drinkware", "tableware", "cookware"]],
    ["可折叠", "foldable", "พับได้", "gấp gọn", ["homegoods", "furniture", "outdoor", "bags", "fitness", "baby"]],
    ["免打孔", "no-drill", "ไม่ต้องเจาะผนัง", "không cần khoan", ["homegoods", "furniture"]],
    ["环保", "eco-friendly", "เป็นมิตรกับสิ่งแวดล้อม", "thân thiện môi trường", ["homegoods", "tableware", "drinkware", "toys", "pet", "bags"]],
    ["抗菌", "antibacterial", "ต้านแบคทีเรีย", "kháng khuẩn", ["cookware", "tableware", "bedding", "underwear", "baby", "pet", "personalCare"]],
    ["密封", "airtight", "ปิดสนิท", "kín hơi", ["cookware", "drinkware", "homegoods", "pet"]],
    ["防霉", "mould-proof", "กันเชื้อรา", "chống nấm mốc", ["cookware", "homegoods", "bedding"]],
    // beauty
    ["保湿", "moisturizing", "ให้ความชุ่มชื้น", "dưỡng ẩm", ["makeup", "personalCare"]],
    ["美白", "brightening", "ผิวกระจ่างใส", "dưỡng trắng", ["makeup", "personalCare"]],
    ["控油", "oil-control", "ควบคุมความมัน", "kiềm dầu", ["makeup", "personalCare"]],
    ["持久", "long-lasting", "ติดทนนาน", "lâu trôi", ["makeup", "personalCare"]],
    ["补水", "hydrating", "เติมน้ำให้ผิว", "cấp nước", ["makeup", "personalCare"]],
    ["敏感肌适用", "for sensitive skin", "สำหรับผิวแพ้ง่าย", "cho da nhạy cảm", ["makeup", "personalCare"]],
    ["温和", "gentle", "อ่อนโยน", "dịu nhẹ", ["makeup", "personalCare", "baby"]],
    ["哑光", "matte", "แมตต์", "lì", ["makeup", "phoneAcc"]],
    // sports, toys, pets, office, jewelry, auto
    ["专业", "professional", "มืออาชีพ", "chuyên nghiệp", ["fitness", "outdoor", "ball", "cycling", "personalCare", "appliance", "stationery"]],
    ["户外", "outdoor", "กลางแจ้ง", "ngoài trời", ["outdoor", "sportswear", "shoes", "bags", "watch", "cycling"]],
    ["耐磨", "wear-resistant", "ทนทาน", "chống mài mòn", ["shoes", "ball", "bags", "pet", "auto", "fitness"]],
    ["益智", "educational", "เสริมพัฒนาการ", "phát triển trí tuệ", ["toys"]],
    ["遥控", "remote-control", "บังคับวิทยุ", "điều khiển từ xa", ["toys"]],
    ["发光", "light-up", "มีไฟ", "phát sáng", ["toys", "shoes", "pet", "peripheral"]],
    ["电动", "electric", "ไฟฟ้า", "chạy điện", ["toys", "personalCare"]],
    ["耐咬", "chew-resistant", "ทนการกัด", "chống cắn", ["pet"]],
    ["可水洗", "washable", "ซักได้", "giặt được", ["pet", "petwear", "bedding", "auto"]],
    ["可擦", "erasable", "ลบได้", "xóa được", ["stationery"]],
    ["镶钻", "rhinestone", "ประดับเพชร", "đính đá", ["jewelry", "watch", "phoneAcc", "hairAcc"]],
    ["不褪色", "non-fading", "ไม่ลอกไม่ดำ", "không phai màu", ["jewelry"]],
    ["防过敏", "hypoallergenic", "ป้องกันการแพ้", "chống dị ứng", ["jewelry", "watch"]],
    ["夜光", "luminous", "เรืองแสง", "dạ quang", ["watch", "toys"]],
    ["偏光", "polarized", "โพลาไรซ์", "phân cực", ["eyewear"]],
    ["防蓝光", "anti-blue-light", "กรองแสงสีฟ้า", "chống ánh sáng xanh", ["eyewear", "phoneAcc"]],
    ["通用", "universal", "ใช้ได้กับรถทุกรุ่น", "dùng cho mọi dòng xe", ["auto", "carElectronics"]],
  ]),
  ...group("size", [], [
    ["大号", "large", "ขนาดใหญ่", "cỡ lớn", ["bags", "homegoods", "toys", "pet", "petwear", "cookware", "drinkware", "outdoor", "stationery"]],
    ["中号", "medium", "ขนาดกลาง", "cỡ vừa", ["bags", "homegoods", "toys", "pet", "petwear", "cookware", "drinkware"]],
    ["小号", "small", "ขนาดเล็ก", "cỡ nhỏ", ["bags", "homegoods", "toys", "pet", "petwear", "cookware", "drinkware", "stationery"]],
    ["大码", "plus-size", "ไซซ์ใหญ่", "ngoại cỡ", ["clothing", "underwear", "sportswear"]],
    ["加大", "extra-large", "ใหญ่พิเศษ", "cỡ đại", ["bedding", "homegoods", "furniture", "outdoor", "pet", "fitness"]],
    ["迷你", "mini", "มินิ", "mini", ["bags", "audio", "gadget", "appliance", "toys", "phoneAcc", "storage"]],
  ]),
  ...group("color", COLORED, COLORS.map(([, c]) => [c.zh, c.en, c.th, c.vi] as const)).map((m) =>
    ["金色", "银色", "玫瑰金"].includes(m.zh) ? m : { ...m, domains: COLORED.filter((d) => d !== "jewelry") },
  ),
  ...group("pattern", [...SOFT, "bags", "shoes", "phoneAcc", "homegoods", "tableware", "drinkware"], [
    ["碎花", "floral", "ลายดอกไม้", "hoa nhí"],
    ["条纹", "striped", "ลายทาง", "kẻ sọc"],
    ["格子", "plaid", "ลายสก๊อต", "kẻ caro"],
    ["纯色", "solid-color", "สีพื้น", "màu trơn"],
    ["印花", "printed", "พิมพ์ลาย", "in họa tiết"],
    ["波点", "polka-dot", "ลายจุด", "chấm bi"],
    ["豹纹", "leopard-print", "ลายเสือดาว", "họa tiết da báo"],
    ["刺绣", "embroidered", "ปักลาย", "thêu"],
    ["迷彩", "camouflage", "ลายพราง", "rằn ri"],
    ["字母", "letter-print", "ลายตัวอักษร", "in chữ"],
    ["大理石纹", "marble-pattern", "ลายหินอ่อน", "vân đá cẩm thạch", ["phoneAcc", "tableware", "homegoods", "furniture"]],
  ]),
  ...group("material", [], [
    ["纯棉", "pure cotton", "ผ้าฝ้ายแท้", "cotton nguyên chất", [...SOFT, "pet", "hairAcc"]],
    ["亚麻", "linen", "ผ้าลินิน", "vải lanh", ["clothing", "bedding", "homegoods"]],
    ["真丝", "silk", "ผ้าไหม", "lụa tơ tằm", ["clothing", "underwear", "bedding", "hairAcc"]],
    ["雪纺", "chiffon", "ผ้าชีฟอง", "vải voan", ["clothing", "kidswear"]],
    ["牛仔", "denim", "ผ้ายีนส์", "vải denim", ["clothing", "kidswear", "bags", "petwear"]],
    ["羊毛", "wool", "ผ้าขนแกะ", "len lông cừu", ["clothing", "bedding", "kidswear"]],
    ["羊绒", "cashmere", "แคชเมียร์", "len cashmere", ["clothing"]],
    ["针织", "knit", "ผ้าถัก", "dệt kim", ["clothing", "kidswear", "baby", "petwear"]],
    ["涤纶", "polyester", "โพลีเอสเตอร์", "vải polyester", [...CLOTHES, "bags", "bedding", "auto", "outdoor"]],
    ["莫代尔", "modal", "ผ้าโมดาล", "vải modal", ["clothing", "underwear", "kidswear", "baby"]],
    ["冰丝", "ice silk", "ผ้าไอซ์ซิลค์", "lụa lạnh", ["clothing", "underwear", "bedding", "sportswear", "auto"]],
    ["灯芯绒", "corduroy", "ผ้าลูกฟูก", "nhung tăm", ["clothing", "kidswear", "bags"]],
    ["蕾丝", "lace", "ผ้าลูกไม้", "ren", ["clothing", "underwear"]],
    ["真皮", "genuine leather", "หนังแท้", "da thật", ["shoes", "bags", "watch", "auto", "furniture"]],
    ["PU皮", "PU leather", "หนัง PU", "da PU", ["shoes", "bags", "phoneAcc", "auto", "furniture", "pet"]],
    ["帆布", "canvas", "ผ้าแคนวาส", "vải canvas", ["shoes", "bags", "outdoor", "homegoods"]],
    ["尼龙", "nylon", "ไนลอน", "vải dù", ["bags", "outdoor", "pet", "watch", "sportswear"]],
    ["牛津布", "oxford cloth", "ผ้าออกซ์ฟอร์ด", "vải oxford", ["bags", "outdoor", "auto", "homegoods"]],
    ["不锈钢", "stainless steel", "สแตนเลส", "thép không gỉ", ["cookware", "tableware", "drinkware", "homegoods", "furniture", "watch", "jewelry", "pet", "outdoor"]],
    ["铝合金", "aluminum alloy", "อะลูมิเนียมอัลลอย", "hợp kim nhôm", ["phoneAcc", "computer", "peripheral", "outdoor", "cycling", "furniture", "carElectronics", "homegoods"]],
    ["实木", "solid wood", "ไม้จริง", "gỗ nguyên khối", ["furniture", "homegoods", "toys"]],
    ["竹制", "bamboo", "ไม้ไผ่", "tre", ["tableware", "homegoods", "cookware", "furniture"]],
    ["陶瓷", "ceramic", "เซรามิก", "gốm sứ", ["tableware", "drinkware", "cookware", "homegoods", "personalCare"]],
    ["玻璃", "glass", "แก้ว", "thủy tinh", ["drinkware", "tableware", "cookware", "homegoods"]],
    ["硅胶", "silicone", "ซิลิโคน", "silicone", ["phoneAcc", "cookware", "tableware", "baby", "toys", "pet", "watch"]],
    ["塑料", "plastic", "พลาสติก", "nhựa", ["homegoods", "toys", "drinkware", "office", "stationery", "pet", "tableware"]],
    ["碳纤维", "carbon fiber", "คาร์บอนไฟเบอร์", "sợi carbon", ["cycling", "outdoor", "ball", "auto", "phoneAcc"]],
    ["钛合金", "titanium alloy", "ไทเทเนียมอัลลอย", "hợp kim titan", ["eyewear", "outdoor", "cycling", "watch", "drinkware"]],
    ["木质", "wooden", "ทำจากไม้", "bằng gỗ", ["toys", "homegoods", "tableware", "stationery", "hairAcc"]],
    ["铸铁", "cast iron", "เหล็กหล่อ", "gang đúc", ["cookware", "fitness"]],
    ["925银", "925 sterling silver", "เงินแท้ 925", "bạc 925", ["jewelry"]],
    ["18K金", "18K gold", "ทอง 18K", "vàng 18K", ["jewelry"]],
    ["珍珠", "pearl", "ไข่มุก", "ngọc trai", ["jewelry", "hairAcc"]],
    ["水晶", "crystal", "คริสตัล", "pha lê", ["jewelry", "homegoods", "drinkware"]],
    ["钛钢", "titanium steel", "ไทเทเนียมสตีล", "thép titan", ["jewelry", "watch"]],
    ["毛绒", "plush", "ขนนุ่ม", "lông mềm", ["toys", "pet", "bedding", "hairAcc"]],
    ["橡胶", "rubber", "ยาง", "cao su", ["shoes", "fitness", "auto", "pet", "ball"]],
  ]),
];

const MODIFIER_BY_ZH = new Map<string, Modifier>(MODIFIERS.map((m) => [m.zh, m]));

/** The modifier whose Chinese text is `zh`, if any. */
export function modifierByZh(zh: string): Modifier | undefined {
  return MODIFIER_BY_ZH.get(zh);
}

// ---------------------------------------------------------------------------------------------------
// Category tree

export interface CategoryNode {
  id: number;
  /** 0 for level 1. */
  parentId: number;
  level: 1 | 2 | 3;
  name: Term;
  /** Product-family and audience tags, inherited from the ancestors (modifiers apply by tag). */
  tags: readonly string[];
}

export interface LeafCategory extends CategoryNode {
  level: 3;
  /** 1 to 4 product-type nouns; the first is the main one. */
  productTypes: readonly Term[];
  /** The SKU properties the items of this leaf vary by (keys of SKU_PROPERTIES), in display order. */
  propertySets: readonly PropertyKey[];
  /** Believable unit price range, fen (1 yuan = 100 fen). */
  priceRangeFen: readonly [number, number];
  /** Typical unit weight, kg. */
  weightKg: number;
}

interface LeafDef {
  id: number;
  name: Term | null;
  types: readonly Term[];
  props: readonly PropertyKey[];
  price: readonly [number, number];
  kg: number;
  tags?: readonly string[];
}

interface L2Def {
  id: number;
  name: Term;
  tags?: readonly string[];
  leaves: readonly LeafDef[];
}

interface L1Def {
  id: number;
  name: Term;
  tags: readonly string[];
  children: readonly L2Def[];
}

function leaf(
  id: number,
  name: Term | null,
  types: readonly Term[],
  props: readonly PropertyKey[],
  price: readonly [number, number],
  kg: number,
  tags?: readonly string[],
): LeafDef {
  return tags === undefined ? { id, name, types, props, price, kg } : { id, name, types, props, price, kg, tags };
}

// Product types used in more than one leaf.
const T_TSHIRT = t("T恤", "T-shirt", "เสื้อยืด", "áo thun");
const T_SHIRT = t("衬衫", "shirt", "เสื้อเชิ้ต", "áo sơ mi");
const T_HOODIE = t("卫衣", "hoodie", "เสื้อฮู้ด", "áo hoodie");
const T_JEANS = t("牛仔裤", "jeans", "กางเกงยีนส์", "quần jean");
const T_CASUAL_PANTS = t("休闲裤", "casual pants", "กางเกงลำลอง", "quần kaki");
const T_DOWN = t("羽绒服", "down jacket", "เสื้อแจ็คเก็ตขนเป็ด", "áo phao lông vũ");

const APPAREL: readonly PropertyKey[] = ["color", "clothingSize"];
const SHOES: readonly PropertyKey[] = ["color", "shoeSize"];
const KIDS: readonly PropertyKey[] = ["color", "kidsHeight"];

const TREE: readonly L1Def[] = [
  {
    id: 10166,
    name: t("女装", "Women's Clothing", "เสื้อผ้าผู้หญิง", "Thời trang nữ"),
    tags: ["clothing", "forWomen", "forStudent", "maternity"],
    children: [
      {
        id: 1031918,
        name: t("裙装", "Dresses & Skirts", "ชุดเดรสและกระโปรง", "Váy đầm & chân váy"),
        leaves: [
          leaf(1031910, t("连衣裙", "Dresses", "ชุดเดรส", "Váy đầm"), [t("连衣裙", "dress", "ชุดเดรส", "váy đầm")], APPAREL, [3900, 39900], 0.35),
          leaf(1031911, t("半身裙", "Skirts", "กระโปรง", "Chân váy"), [t("半身裙", "skirt", "กระโปรง", "chân váy")], APPAREL, [2900, 25900], 0.3),
        ],
      },
      {
        id: 1031920,
        name: t("女士上装", "Women's Tops", "เสื้อผู้หญิง", "Áo nữ"),
        leaves: [
          leaf(1031921, t("T恤", "T-shirts", "เสื้อยืด", "Áo thun"), [T_TSHIRT], APPAREL, [1500, 12900], 0.2),
          leaf(1031922, t("衬衫", "Shirts & Blouses", "เสื้อเชิ้ต", "Áo sơ mi"), [T_SHIRT, t("雪纺衫", "blouse", "เสื้อเบลาส์", "áo kiểu")], APPAREL, [2500, 19900], 0.25),
          leaf(1031923, t("卫衣", "Hoodies & Sweatshirts", "เสื้อฮู้ด", "Áo hoodie"), [T_HOODIE], APPAREL, [4900, 25900], 0.5),
          leaf(1031924, t("毛衣/针织衫", "Sweaters & Cardigans", "เสื้อไหมพรม", "Áo len"), [t("毛衣", "sweater", "เสื้อไหมพรม", "áo len"), t("开衫", "cardigan", "เสื้อคาร์ดิแกน", "áo cardigan")], APPAREL, [5900, 39900], 0.45),
        ],
      },
      {
        id: 1031930,
        name: t("女士裤装", "Women's Pants", "กางเกงผู้หญิง", "Quần nữ"),
        leaves: [
          leaf(1031931, t("牛仔裤", "Jeans", "กางเกงยีนส์", "Quần jean"), [T_JEANS], APPAREL, [4900, 29900], 0.55),
          leaf(1031932, t("阔腿裤", "Wide-leg Pants", "กางเกงขากว้าง", "Quần ống rộng"), [t("阔腿裤", "wide-leg pants", "กางเกงขากว้าง", "quần ống rộng"), T_CASUAL_PANTS], APPAREL, [3900, 22900], 0.4),
        ],
      },
      {
        id: 1031940,
        name: t("女士外套", "Women's Coats & Jackets", "เสื้อคลุมผู้หญิง", "Áo khoác nữ"),
        leaves: [
          leaf(1031941, t("羽绒服", "Down Jackets", "เสื้อแจ็คเก็ตขนเป็ด", "Áo phao lông vũ"), [T_DOWN], APPAREL, [19900, 129900], 0.9),
          leaf(1031942, t("风衣", "Trench Coats", "เสื้อโค้ทกันลม", "Áo khoác măng tô"), [t("风衣", "trench coat", "เสื้อโค้ทกันลม", "áo khoác măng tô")], APPAREL, [15900, 69900], 0.8),
          leaf(1031943, t("西装外套", "Blazers", "เสื้อเบลเซอร์", "Áo blazer"), [t("西装外套", "blazer", "เสื้อเบลเซอร์", "áo blazer")], APPAREL, [12900, 49900], 0.6),
        ],
      },
      {
        id: 1031950,
        name: t("内衣家居服", "Underwear & Sleepwear", "ชุดชั้นในและชุดนอน", "Đồ lót & đồ ngủ"),
        tags: ["underwear"],
        leaves: [
          leaf(1031951, t("文胸", "Bras", "เสื้อชั้นใน", "Áo ngực"), [t("文胸", "bra", "เสื้อชั้นใน", "áo ngực")], ["color", "clothingSize"], [2900, 15900], 0.12),
          leaf(1031952, t("睡衣", "Pajamas", "ชุดนอน", "Đồ ngủ"), [t("睡衣", "pajamas", "ชุดนอน", "đồ ngủ")], APPAREL, [3900, 19900], 0.4, ["forCouple"]),
        ],
      },
    ],
  },
  {
    id: 10165,
    name: t("男装", "Men's Clothing", "เสื้อผ้าผู้ชาย", "Thời trang nam"),
    tags: ["clothing", "forMen", "forStudent", "forElderly"],
    children: [
      {
        id: 1032010,
        name: t("男士上装", "Men's Tops", "เสื้อผู้ชาย", "Áo nam"),
        leaves: [
          leaf(1032011, t("T恤/POLO衫", "T-shirts & Polos", "เสื้อยืดและเสื้อโปโล", "Áo thun & áo polo"), [T_TSHIRT, t("POLO衫", "polo shirt", "เสื้อโปโล", "áo polo")], APPAREL, [1900, 15900], 0.22, ["unisex", "forCouple"]),
          leaf(1032012, t("衬衫", "Shirts", "เสื้อเชิ้ต", "Áo sơ mi"), [T_SHIRT], APPAREL, [3900, 29900], 0.28),
          leaf(1032013, t("卫衣", "Hoodies & Sweatshirts", "เสื้อฮู้ด", "Áo hoodie"), [T_HOODIE], APPAREL, [5900, 29900], 0.55, ["unisex", "forCouple"]),
        ],
      },
      {
        id: 1032020,
        name: t("男士裤装", "Men's Pants", "กางเกงผู้ชาย", "Quần nam"),
        leaves: [
          leaf(1032021, t("牛仔裤", "Jeans", "กางเกงยีนส์", "Quần jean"), [T_JEANS], APPAREL, [5900, 39900], 0.65),
          leaf(1032022, t("休闲裤", "Casual Pants", "กางเกงลำลอง", "Quần kaki"), [T_CASUAL_PANTS, t("工装裤", "cargo pants", "กางเกงคาร์โก้", "quần túi hộp")], APPAREL, [4900, 29900], 0.55),
          leaf(1032023, t("短裤", "Shorts", "กางเกงขาสั้น", "Quần short"), [t("短裤", "shorts", "กางเกงขาสั้น", "quần short")], APPAREL, [2500, 12900], 0.25),
        ],
      },
      {
        id: 1032030,
        name: t("男士外套", "Men's Coats & Jackets", "เสื้อคลุมผู้ชาย", "Áo khoác nam"),
        leaves: [
          leaf(1032031, t("夹克", "Jackets", "เสื้อแจ็คเก็ต", "Áo khoác"), [t("夹克", "jacket", "เสื้อแจ็คเก็ต", "áo khoác")], APPAREL, [9900, 49900], 0.7),
          leaf(1032032, t("羽绒服", "Down Jackets", "เสื้อแจ็คเก็ตขนเป็ด", "Áo phao lông vũ"), [T_DOWN], APPAREL, [24900, 159900], 1.0),
          leaf(1032033, t("西服套装", "Suits", "ชุดสูท", "Bộ vest"), [t("西装", "suit", "ชุดสูท", "bộ vest")], APPAREL, [29900, 199900], 1.3),
        ],
      },
    ],
  },
  {
    id: 127380009,
    name: t("鞋靴", "Shoes & Boots", "รองเท้า", "Giày dép"),
    tags: ["shoes"],
    children: [
      {
        id: 1033010,
        name: t("运动鞋", "Sports Shoes", "รองเท้ากีฬา", "Giày thể thao"),
        tags: ["forWomen", "forMen", "forStudent", "forCouple", "unisex"],
        leaves: [
          leaf(1033011, t("跑步鞋", "Running Shoes", "รองเท้าวิ่ง", "Giày chạy bộ"), [t("跑步鞋", "running shoes", "รองเท้าวิ่ง", "giày chạy bộ")], SHOES, [9900, 89900], 0.7),
          leaf(1033012, t("休闲运动鞋", "Sneakers", "รองเท้าผ้าใบ", "Giày thể thao"), [t("运动鞋", "sneakers", "รองเท้าผ้าใบ", "giày thể thao"), t("板鞋", "skate shoes", "รองเท้าสเก็ต", "giày trượt ván")], SHOES, [6900, 59900], 0.75),
          leaf(1033013, t("篮球鞋", "Basketball Shoes", "รองเท้าบาสเกตบอล", "Giày bóng rổ"), [t("篮球鞋", "basketball shoes", "รองเท้าบาสเกตบอล", "giày bóng rổ")], SHOES, [19900, 129900], 0.9),
        ],
      },
      {
        id: 1033020,
        name: t("女鞋", "Women's Shoes", "รองเท้าผู้หญิง", "Giày nữ"),
        tags: ["forWomen"],
        leaves: [
          leaf(1033021, t("高跟鞋", "High Heels", "รองเท้าส้นสูง", "Giày cao gót"), [t("高跟鞋", "high heels", "รองเท้าส้นสูง", "giày cao gót")], SHOES, [5900, 39900], 0.5),
          leaf(1033022, t("平底鞋", "Flats", "รองเท้าส้นแบน", "Giày bệt"), [t("平底鞋", "flats", "รองเท้าส้นแบน", "giày bệt")], SHOES, [3900, 25900], 0.45),
          leaf(1033023, t("凉鞋", "Sandals", "รองเท้าแซนดัล", "Giày sandal"), [t("凉鞋", "sandals", "รองเท้าแซนดัล", "giày sandal")], SHOES, [2900, 19900], 0.4),
        ],
      },
      {
        id: 1033030,
        name: t("男鞋", "Men's Shoes", "รองเท้าผู้ชาย", "Giày nam"),
        tags: ["forMen", "forElderly"],
        leaves: [
          leaf(1033031, t("皮鞋", "Leather Shoes", "รองเท้าหนัง", "Giày da"), [t("皮鞋", "leather shoes", "รองเท้าหนัง", "giày da")], SHOES, [12900, 69900], 0.9),
          leaf(1033032, t("靴子", "Boots", "รองเท้าบูท", "Giày bốt"), [t("靴子", "boots", "รองเท้าบูท", "giày bốt"), t("马丁靴", "Martin boots", "รองเท้ามาร์ตินบูท", "giày Martin")], SHOES, [14900, 79900], 1.2, ["forWomen"]),
          leaf(1033033, t("拖鞋", "Slippers", "รองเท้าแตะ", "Dép lê"), [t("拖鞋", "slippers", "รองเท้าแตะ", "dép lê")], SHOES, [990, 8900], 0.3, ["forWomen", "forCouple"]),
        ],
      },
    ],
  },
  {
    id: 1042954,
    name: t("箱包皮具", "Bags & Luggage", "กระเป๋าและกระเป๋าเดินทาง", "Túi xách & vali"),
    tags: ["bags"],
    children: [
      {
        id: 1034010,
        name: t("女包", "Women's Bags", "กระเป๋าผู้หญิง", "Túi nữ"),
        tags: ["forWomen"],
        leaves: [
          leaf(1034011, t("单肩包", "Shoulder Bags", "กระเป๋าสะพายไหล่", "Túi đeo vai"), [t("单肩包", "shoulder bag", "กระเป๋าสะพายไหล่", "túi đeo vai")], ["color"], [4900, 59900], 0.6),
          leaf(1034012, t("手提包", "Handbags", "กระเป๋าถือ", "Túi xách tay"), [t("手提包", "handbag", "กระเป๋าถือ", "túi xách tay"), t("托特包", "tote bag", "กระเป๋าโท้ท", "túi tote")], ["color"], [5900, 89900], 0.7),
          leaf(1034013, t("钱包", "Wallets", "กระเป๋าสตางค์", "Ví"), [t("钱包", "wallet", "กระเป๋าสตางค์", "ví tiền"), t("卡包", "card holder", "กระเป๋าใส่บัตร", "ví đựng thẻ")], ["color"], [1900, 29900], 0.15, ["forMen"]),
        ],
      },
      {
        id: 1034020,
        name: t("双肩包", "Backpacks", "กระเป๋าเป้", "Ba lô"),
        tags: ["forWomen", "forMen", "forStudent", "unisex"],
        leaves: [
          leaf(1034021, t("双肩背包", "Backpacks", "กระเป๋าเป้", "Ba lô"), [t("双肩包", "backpack", "กระเป๋าเป้", "ba lô")], ["color"], [4900, 39900], 0.8),
          leaf(1034022, t("电脑包", "Laptop Bags", "กระเป๋าโน้ตบุ๊ก", "Túi laptop"), [t("电脑包", "laptop bag", "กระเป๋าโน้ตบุ๊ก", "túi laptop")], ["color", "genericSize"], [3900, 29900], 0.7),
        ],
      },
      {
        id: 1034030,
        name: t("旅行箱包", "Luggage & Travel Bags", "กระเป๋าเดินทาง", "Vali & túi du lịch"),
        leaves: [
          leaf(1034031, t("拉杆箱", "Suitcases", "กระเป๋าเดินทาง", "Vali"), [t("行李箱", "suitcase", "กระเป๋าเดินทาง", "vali"), t("拉杆箱", "trolley case", "กระเป๋าเดินทางล้อลาก", "vali kéo")], ["color", "genericSize"], [12900, 129900], 4.5),
          leaf(1034032, t("旅行包", "Travel Bags", "กระเป๋าเดินทางแบบถือ", "Túi du lịch"), [t("旅行包", "travel bag", "กระเป๋าเดินทางแบบถือ", "túi du lịch")], ["color"], [3900, 25900], 0.9),
        ],
      },
    ],
  },
  {
    id: 311,
    name: t("童装母婴", "Kids & Baby", "แม่และเด็ก", "Mẹ & bé"),
    tags: ["forKids"],
    children: [
      {
        id: 1035010,
        name: t("童装", "Kids' Clothing", "เสื้อผ้าเด็ก", "Quần áo trẻ em"),
        tags: ["kidswear"],
        leaves: [
          leaf(1035011, t("儿童套装", "Kids' Outfit Sets", "ชุดเซ็ตเด็ก", "Bộ quần áo trẻ em"), [t("儿童套装", "kids' outfit set", "ชุดเซ็ตเด็ก", "bộ quần áo trẻ em")], KIDS, [3900, 19900], 0.35),
          leaf(1035012, t("儿童T恤", "Kids' T-shirts", "เสื้อยืดเด็ก", "Áo thun trẻ em"), [t("儿童T恤", "kids' T-shirt", "เสื้อยืดเด็ก", "áo thun trẻ em")], KIDS, [1500, 7900], 0.15),
          leaf(1035013, t("儿童外套", "Kids' Jackets", "เสื้อแจ็คเก็ตเด็ก", "Áo khoác trẻ em"), [t("儿童外套", "kids' jacket", "เสื้อแจ็คเก็ตเด็ก", "áo khoác trẻ em")], KIDS, [5900, 29900], 0.45),
          leaf(1035014, t("童装连衣裙", "Girls' Dresses", "ชุดเดรสเด็ก", "Váy bé gái"), [t("女童连衣裙", "girls' dress", "ชุดเดรสเด็กผู้หญิง", "váy đầm bé gái")], KIDS, [2900, 15900], 0.25),
        ],
      },
      {
        id: 1035020,
        name: t("婴儿用品", "Baby Products", "ของใช้เด็กอ่อน", "Đồ dùng em bé"),
        tags: ["baby", "forBaby"],
        leaves: [
          leaf(1035021, t("纸尿裤", "Diapers", "ผ้าอ้อมสำเร็จรูป", "Tã giấy"), [t("纸尿裤", "diapers", "ผ้าอ้อมสำเร็จรูป", "tã giấy"), t("拉拉裤", "pull-up diapers", "กางเกงผ้าอ้อม", "tã quần")], ["genericSize", "packQuantity"], [4900, 25900], 1.2),
          leaf(1035022, t("奶瓶", "Baby Bottles", "ขวดนม", "Bình sữa"), [t("奶瓶", "baby bottle", "ขวดนม", "bình sữa")], ["color", "volume"], [2900, 19900], 0.2),
          leaf(1035023, t("婴儿推车", "Strollers", "รถเข็นเด็ก", "Xe đẩy em bé"), [t("婴儿推车", "stroller", "รถเข็นเด็ก", "xe đẩy em bé")], ["color", "package"], [29900, 299900], 8.5),
          leaf(1035024, t("婴儿连体衣", "Baby Rompers", "ชุดบอดี้สูทเด็ก", "Bộ body cho bé"), [t("婴儿连体衣", "baby romper", "ชุดบอดี้สูทเด็ก", "bộ body cho bé")], KIDS, [1900, 9900], 0.15),
        ],
      },
      {
        id: 1035030,
        name: t("童鞋", "Kids' Shoes", "รองเท้าเด็ก", "Giày trẻ em"),
        tags: ["shoes"],
        leaves: [
          leaf(1035031, t("儿童运动鞋", "Kids' Sneakers", "รองเท้าผ้าใบเด็ก", "Giày thể thao trẻ em"), [t("童鞋", "kids' shoes", "รองเท้าเด็ก", "giày trẻ em")], ["color", "kidsShoeSize"], [3900, 29900], 0.45),
        ],
      },
    ],
  },
  {
    id: 1813,
    name: t("玩具", "Toys", "ของเล่น", "Đồ chơi"),
    tags: ["toys", "forKids"],
    children: [
      {
        id: 1036010,
        name: t("益智玩具", "Educational Toys", "ของเล่นเสริมพัฒนาการ", "Đồ chơi giáo dục"),
        leaves: [
          leaf(1036011, t("积木", "Building Blocks", "ตัวต่อ", "Đồ chơi lắp ráp"), [t("积木", "building blocks", "ตัวต่อ", "đồ chơi lắp ráp")], ["package"], [2900, 59900], 0.8),
          leaf(1036012, t("拼图", "Jigsaw Puzzles", "จิ๊กซอว์", "Tranh ghép hình"), [t("拼图", "jigsaw puzzle", "จิ๊กซอว์", "tranh ghép hình")], ["package"], [1500, 12900], 0.5),
        ],
      },
      {
        id: 1036020,
        name: t("毛绒布艺", "Plush Toys", "ตุ๊กตาผ้า", "Thú nhồi bông"),
        leaves: [
          leaf(1036021, t("毛绒玩具", "Plush Toys", "ตุ๊กตาผ้า", "Thú nhồi bông"), [t("毛绒玩具", "plush toy", "ตุ๊กตาผ้า", "thú nhồi bông"), t("玩偶", "doll", "ตุ๊กตา", "búp bê")], ["color", "genericSize"], [1900, 19900], 0.4, ["forCouple"]),
        ],
      },
      {
        id: 1036030,
        name: t("遥控玩具", "Remote-control Toys", "ของเล่นบังคับวิทยุ", "Đồ chơi điều khiển"),
        leaves: [
          leaf(1036031, t("遥控车", "RC Cars", "รถบังคับ", "Xe điều khiển từ xa"), [t("遥控车", "RC car", "รถบังคับ", "xe điều khiển từ xa")], ["color", "package"], [4900, 59900], 1.1),
          leaf(1036032, t("无人机", "Drones", "โดรน", "Flycam"), [t("无人机", "drone", "โดรน", "flycam")], ["color", "package"], [9900, 399900], 0.9),
        ],
      },
      {
        id: 1036040,
        name: t("模型手办", "Models & Figures", "โมเดลและฟิกเกอร์", "Mô hình"),
        leaves: [
          leaf(1036041, t("手办", "Figures", "ฟิกเกอร์", "Mô hình nhân vật"), [t("手办", "figure", "ฟิกเกอร์", "mô hình nhân vật")], ["package"], [3900, 99900], 0.6),
        ],
      },
    ],
  },
  {
    id: 15,
    name: t("家居日用", "Home & Living", "บ้านและของใช้", "Nhà cửa & đời sống"),
    tags: ["homegoods"],
    children: [
      {
        id: 1037010,
        name: t("床上用品", "Bedding", "เครื่องนอน", "Chăn ga gối"),
        tags: ["bedding"],
        leaves: [
          leaf(1037011, t("床品四件套", "Bedding Sets", "ชุดผ้าปูที่นอน", "Bộ chăn ga gối"), [t("四件套", "bedding set", "ชุดผ้าปูที่นอน", "bộ chăn ga gối")], ["color", "bedSize"], [9900, 69900], 2.2),
          leaf(1037012, t("枕头", "Pillows", "หมอน", "Gối"), [t("枕头", "pillow", "หมอน", "gối ngủ")], ["genericSize", "packQuantity"], [2900, 25900], 0.9),
          leaf(1037013, t("被子", "Duvets & Quilts", "ผ้านวม", "Chăn"), [t("被子", "duvet", "ผ้านวม", "chăn bông")], ["color", "bedSize"], [9900, 99900], 2.8),
        ],
      },
      {
        id: 1037020,
        name: t("收纳整理", "Storage & Organization", "อุปกรณ์จัดเก็บ", "Sắp xếp & lưu trữ"),
        leaves: [
          leaf(1037021, t("收纳箱", "Storage Boxes", "กล่องเก็บของ", "Hộp đựng đồ"), [t("收纳箱", "storage box", "กล่องเก็บของ", "hộp đựng đồ")], ["color", "genericSize"], [1500, 12900], 1.1),
          leaf(1037022, t("衣架", "Clothes Hangers", "ไม้แขวนเสื้อ", "Móc quần áo"), [t("衣架", "clothes hanger", "ไม้แขวนเสื้อ", "móc quần áo")], ["color", "packQuantity"], [990, 5900], 0.5),
        ],
      },
      {
        id: 1037030,
        name: t("家居饰品", "Home Decor", "ของแต่งบ้าน", "Đồ trang trí nhà"),
        leaves: [
          leaf(1037031, t("装饰画", "Wall Art", "ภาพตกแต่งผนัง", "Tranh treo tường"), [t("装饰画", "wall art", "ภาพตกแต่งผนัง", "tranh treo tường")], ["genericSize"], [2900, 39900], 1.5),
          leaf(1037032, t("香薰蜡烛", "Scented Candles", "เทียนหอม", "Nến thơm"), [t("香薰蜡烛", "scented candle", "เทียนหอม", "nến thơm")], ["package"], [1900, 15900], 0.4),
        ],
      },
      {
        id: 1037040,
        name: t("清洁用品", "Cleaning Supplies", "อุปกรณ์ทำความสะอาด", "Dụng cụ vệ sinh"),
        leaves: [
          leaf(1037041, t("拖把", "Mops", "ไม้ถูพื้น", "Cây lau nhà"), [t("拖把", "mop", "ไม้ถูพื้น", "cây lau nhà")], ["color", "package"], [2900, 19900], 1.6),
          leaf(1037042, t("垃圾桶", "Trash Cans", "ถังขยะ", "Thùng rác"), [t("垃圾桶", "trash can", "ถังขยะ", "thùng rác")], ["color", "genericSize"], [1500, 15900], 0.9),
        ],
      },
      {
        id: 1037050,
        name: t("家具", "Furniture", "เฟอร์นิเจอร์", "Nội thất"),
        tags: ["furniture"],
        leaves: [
          leaf(1037051, t("桌子", "Tables & Desks", "โต๊ะ", "Bàn"), [t("书桌", "desk", "โต๊ะทำงาน", "bàn làm việc"), t("餐桌", "dining table", "โต๊ะกินข้าว", "bàn ăn")], ["color", "genericSize"], [19900, 199900], 25),
          leaf(1037052, t("椅子", "Chairs", "เก้าอี้", "Ghế"), [t("椅子", "chair", "เก้าอี้", "ghế"), t("办公椅", "office chair", "เก้าอี้สำนักงาน", "ghế văn phòng")], ["color"], [9900, 159900], 9),
          leaf(1037053, t("置物架", "Shelves", "ชั้นวางของ", "Kệ để đồ"), [t("置物架", "shelf", "ชั้นวางของ", "kệ để đồ")], ["color", "genericSize"], [2900, 39900], 4.5),
        ],
      },
    ],
  },
  {
    id: 1043351,
    name: t("厨房餐饮", "Kitchen & Dining", "ครัวและโต๊ะอาหาร", "Nhà bếp & phòng ăn"),
    tags: [],
    children: [
      {
        id: 1038010,
        name: t("锅具", "Cookware", "เครื่องครัว", "Nồi chảo"),
        tags: ["cookware"],
        leaves: [
          leaf(1038011, t("炒锅", "Woks", "กระทะ", "Chảo xào"), [t("炒锅", "wok", "กระทะ", "chảo xào")], ["panDiameter"], [5900, 49900], 1.8),
          leaf(1038012, t("平底锅", "Frying Pans", "กระทะแบน", "Chảo rán"), [t("平底锅", "frying pan", "กระทะแบน", "chảo rán")], ["panDiameter"], [3900, 29900], 1.2),
          leaf(1038013, t("汤锅", "Stockpots", "หม้อซุป", "Nồi nấu súp"), [t("汤锅", "stockpot", "หม้อซุป", "nồi nấu súp")], ["panDiameter"], [4900, 39900], 2.0),
        ],
      },
      {
        id: 1038020,
        name: t("餐具", "Tableware", "ภาชนะบนโต๊ะอาหาร", "Bát đĩa"),
        tags: ["tableware"],
        leaves: [
          leaf(1038021, t("碗", "Bowls", "ชาม", "Bát"), [t("碗", "bowl", "ชาม", "bát")], ["color", "packQuantity"], [590, 5900], 0.35),
          leaf(1038022, t("筷子", "Chopsticks", "ตะเกียบ", "Đũa"), [t("筷子", "chopsticks", "ตะเกียบ", "đũa")], ["color", "packQuantity"], [590, 4900], 0.15),
          leaf(1038023, t("盘子", "Plates", "จาน", "Đĩa"), [t("盘子", "plate", "จาน", "đĩa")], ["color", "packQuantity"], [690, 6900], 0.5),
        ],
      },
      {
        id: 1038030,
        name: t("水杯", "Drinkware", "แก้วและกระบอกน้ำ", "Cốc & bình nước"),
        tags: ["drinkware", "forStudent", "forKids"],
        leaves: [
          leaf(1038031, t("保温杯", "Thermos Cups", "แก้วเก็บอุณหภูมิ", "Bình giữ nhiệt"), [t("保温杯", "thermos cup", "แก้วเก็บอุณหภูมิ", "bình giữ nhiệt")], ["color", "volume"], [2900, 25900], 0.4),
          leaf(1038032, t("水杯", "Cups & Mugs", "แก้วน้ำ", "Cốc nước"), [t("水杯", "water cup", "แก้วน้ำ", "cốc nước"), t("马克杯", "mug", "แก้วมัค", "cốc mug")], ["color", "volume"], [990, 9900], 0.35),
        ],
      },
      {
        id: 1038040,
        name: t("厨房工具", "Kitchen Tools", "อุปกรณ์ครัว", "Dụng cụ nhà bếp"),
        tags: ["cookware"],
        leaves: [
          leaf(1038041, t("菜刀", "Kitchen Knives", "มีดทำครัว", "Dao làm bếp"), [t("菜刀", "kitchen knife", "มีดทำครัว", "dao làm bếp")], ["package"], [2900, 29900], 0.4),
          leaf(1038042, t("砧板", "Cutting Boards", "เขียง", "Thớt"), [t("砧板", "cutting board", "เขียง", "thớt")], ["genericSize"], [1900, 15900], 1.0),
          leaf(1038043, t("保鲜盒", "Food Containers", "กล่องถนอมอาหาร", "Hộp đựng thực phẩm"), [t("保鲜盒", "food container", "กล่องถนอมอาหาร", "hộp đựng thực phẩm")], ["volume", "packQuantity"], [1500, 12900], 0.6),
        ],
      },
    ],
  },
  {
    id: 66,
    name: t("美妆个护", "Beauty & Personal Care", "ความงามและของใช้ส่วนตัว", "Làm đẹp & chăm sóc cá nhân"),
    tags: ["forWomen"],
    children: [
      {
        id: 1039010,
        name: t("护肤", "Skincare", "ผลิตภัณฑ์ดูแลผิว", "Chăm sóc da"),
        tags: ["personalCare", "forMen"],
        leaves: [
          leaf(1039011, t("面霜", "Face Creams", "ครีมบำรุงผิวหน้า", "Kem dưỡng da mặt"), [t("面霜", "face cream", "ครีมบำรุงผิวหน้า", "kem dưỡng da mặt")], ["netContent"], [3900, 59900], 0.15),
          leaf(1039012, t("面膜", "Face Masks", "มาส์กหน้า", "Mặt nạ"), [t("面膜", "face mask", "มาส์กหน้า", "mặt nạ dưỡng da")], ["packQuantity"], [1900, 19900], 0.25),
          leaf(1039013, t("洗面奶", "Facial Cleansers", "โฟมล้างหน้า", "Sữa rửa mặt"), [t("洗面奶", "facial cleanser", "โฟมล้างหน้า", "sữa rửa mặt")], ["netContent"], [1900, 15900], 0.2),
          leaf(1039014, t("防晒霜", "Sunscreen", "ครีมกันแดด", "Kem chống nắng"), [t("防晒霜", "sunscreen", "ครีมกันแดด", "kem chống nắng")], ["netContent"], [2900, 25900], 0.12),
        ],
      },
      {
        id: 1039020,
        name: t("彩妆", "Makeup", "เครื่องสำอาง", "Trang điểm"),
        tags: ["makeup"],
        leaves: [
          leaf(1039021, t("口红", "Lipsticks", "ลิปสติก", "Son môi"), [t("口红", "lipstick", "ลิปสติก", "son môi")], ["color"], [1900, 39900], 0.05),
          leaf(1039022, t("粉底液", "Foundations", "รองพื้น", "Kem nền"), [t("粉底液", "liquid foundation", "รองพื้น", "kem nền")], ["color", "netContent"], [3900, 49900], 0.1),
          leaf(1039023, t("眼影", "Eyeshadows", "อายแชโดว์", "Phấn mắt"), [t("眼影", "eyeshadow", "อายแชโดว์", "phấn mắt")], ["color"], [2900, 29900], 0.1),
        ],
      },
      {
        id: 1039030,
        name: t("个人护理", "Personal Care", "ของใช้ส่วนตัว", "Chăm sóc cá nhân"),
        tags: ["personalCare", "forMen", "forKids", "forCouple"],
        leaves: [
          leaf(1039031, t("洗发水", "Shampoos", "แชมพู", "Dầu gội"), [t("洗发水", "shampoo", "แชมพู", "dầu gội")], ["netContent"], [1900, 12900], 0.5),
          leaf(1039032, t("牙刷", "Toothbrushes", "แปรงสีฟัน", "Bàn chải đánh răng"), [t("电动牙刷", "electric toothbrush", "แปรงสีฟันไฟฟ้า", "bàn chải đánh răng điện"), t("牙刷", "toothbrush", "แปรงสีฟัน", "bàn chải đánh răng")], ["color", "package"], [990, 39900], 0.2),
        ],
      },
      {
        id: 1039040,
        name: t("香水", "Fragrances", "น้ำหอม", "Nước hoa"),
        tags: ["makeup", "forMen"],
        leaves: [
          leaf(1039041, t("香水", "Perfumes", "น้ำหอม", "Nước hoa"), [t("香水", "perfume", "น้ำหอม", "nước hoa")], ["netContent"], [4900, 99900], 0.2),
        ],
      },
    ],
  },
  {
    id: 7,
    name: t("手机数码", "Phones & Electronics", "โทรศัพท์และอุปกรณ์ดิจิทัล", "Điện thoại & thiết bị số"),
    tags: [],
    children: [
      {
        id: 1040010,
        name: t("手机", "Mobile Phones", "โทรศัพท์มือถือ", "Điện thoại di động"),
        tags: ["phone", "forElderly", "forStudent"],
        leaves: [
          leaf(1040011, t("智能手机", "Smartphones", "สมาร์ทโฟน", "Điện thoại thông minh"), [t("手机", "mobile phone", "โทรศัพท์มือถือ", "điện thoại di động"), t("智能手机", "smartphone", "สมาร์ทโฟน", "điện thoại thông minh")], ["color", "storage", "package"], [69900, 899900], 0.2),
        ],
      },
      {
        id: 1040020,
        name: t("手机配件", "Phone Accessories", "อุปกรณ์เสริมโทรศัพท์", "Phụ kiện điện thoại"),
        tags: ["phoneAcc"],
        leaves: [
          leaf(1040021, t("手机壳", "Phone Cases", "เคสโทรศัพท์", "Ốp lưng điện thoại"), [t("手机壳", "phone case", "เคสโทรศัพท์", "ốp lưng điện thoại")], ["color", "phoneModel"], [590, 4900], 0.05),
          leaf(1040022, t("充电器/数据线", "Chargers & Cables", "ที่ชาร์จและสายชาร์จ", "Củ sạc & cáp sạc"), [t("充电器", "charger", "หัวชาร์จ", "củ sạc"), t("数据线", "charging cable", "สายชาร์จ", "cáp sạc")], ["chargerPower", "cableLength"], [990, 15900], 0.1),
          leaf(1040023, t("充电宝", "Power Banks", "พาวเวอร์แบงค์", "Sạc dự phòng"), [t("充电宝", "power bank", "พาวเวอร์แบงค์", "sạc dự phòng")], ["color", "batteryCapacity"], [3900, 29900], 0.35),
          leaf(1040024, t("钢化膜", "Screen Protectors", "ฟิล์มกระจก", "Kính cường lực"), [t("钢化膜", "tempered glass screen protector", "ฟิล์มกระจกนิรภัย", "kính cường lực")], ["phoneModel", "packQuantity"], [390, 3900], 0.03),
          leaf(1040025, t("手机支架", "Phone Stands", "ขาตั้งโทรศัพท์", "Giá đỡ điện thoại"), [t("手机支架", "phone stand", "ขาตั้งโทรศัพท์", "giá đỡ điện thoại")], ["color"], [590, 5900], 0.15),
        ],
      },
      {
        id: 1040030,
        name: t("影音娱乐", "Audio", "เครื่องเสียง", "Âm thanh"),
        tags: ["audio", "forStudent"],
        leaves: [
          leaf(1040031, t("耳机", "Earphones", "หูฟัง", "Tai nghe"), [t("耳机", "earphones", "หูฟัง", "tai nghe"), t("蓝牙耳机", "Bluetooth earbuds", "หูฟังบลูทูธ", "tai nghe bluetooth")], ["color", "package"], [2900, 159900], 0.1),
          leaf(1040032, t("音箱", "Speakers", "ลำโพง", "Loa"), [t("音箱", "speaker", "ลำโพง", "loa")], ["color", "package"], [4900, 199900], 0.8),
        ],
      },
      {
        id: 1040040,
        name: t("智能设备", "Smart Devices & Cameras", "อุปกรณ์อัจฉริยะและกล้อง", "Thiết bị thông minh & máy ảnh"),
        tags: ["gadget"],
        leaves: [
          leaf(1040041, t("智能手表", "Smartwatches", "สมาร์ทวอทช์", "Đồng hồ thông minh"), [t("智能手表", "smartwatch", "สมาร์ทวอทช์", "đồng hồ thông minh"), t("智能手环", "fitness tracker", "สมาร์ทแบนด์", "vòng đeo tay thông minh")], ["color", "package"], [9900, 299900], 0.1, ["forKids", "forElderly"]),
          leaf(1040042, t("相机", "Cameras", "กล้องถ่ายรูป", "Máy ảnh"), [t("相机", "camera", "กล้องถ่ายรูป", "máy ảnh"), t("运动相机", "action camera", "กล้องแอคชั่น", "camera thể thao")], ["color", "package"], [29900, 1599900], 0.6),
        ],
      },
      {
        id: 1040050,
        name: t("存储设备", "Storage Devices", "อุปกรณ์จัดเก็บข้อมูล", "Thiết bị lưu trữ"),
        tags: ["storage"],
        leaves: [
          leaf(1040051, t("U盘", "USB Flash Drives", "แฟลชไดรฟ์", "USB"), [t("U盘", "USB flash drive", "แฟลชไดรฟ์", "ổ USB")], ["storage"], [1500, 19900], 0.03),
          leaf(1040052, t("存储卡", "Memory Cards", "เมมโมรี่การ์ด", "Thẻ nhớ"), [t("内存卡", "memory card", "เมมโมรี่การ์ด", "thẻ nhớ")], ["storage"], [1900, 29900], 0.01),
        ],
      },
    ],
  },
  {
    id: 70,
    name: t("电脑", "Computers", "คอมพิวเตอร์", "Máy tính"),
    tags: [],
    children: [
      {
        id: 1041010,
        name: t("电脑整机", "Computers & Tablets", "คอมพิวเตอร์และแท็บเล็ต", "Máy tính & máy tính bảng"),
        tags: ["computer", "forStudent"],
        leaves: [
          leaf(1041011, t("笔记本电脑", "Laptops", "แล็ปท็อป", "Máy tính xách tay"), [t("笔记本电脑", "laptop", "แล็ปท็อป", "máy tính xách tay")], ["color", "memory", "storage"], [199900, 1499900], 1.8),
          leaf(1041012, t("台式电脑", "Desktop Computers", "คอมพิวเตอร์ตั้งโต๊ะ", "Máy tính để bàn"), [t("台式电脑", "desktop computer", "คอมพิวเตอร์ตั้งโต๊ะ", "máy tính để bàn")], ["memory", "storage", "package"], [229900, 1999900], 9),
          leaf(1041013, t("平板电脑", "Tablets", "แท็บเล็ต", "Máy tính bảng"), [t("平板电脑", "tablet", "แท็บเล็ต", "máy tính bảng")], ["color", "storage"], [79900, 799900], 0.5, ["forKids"]),
        ],
      },
      {
        id: 1041020,
        name: t("电脑外设", "Peripherals", "อุปกรณ์ต่อพ่วง", "Thiết bị ngoại vi"),
        tags: ["peripheral"],
        leaves: [
          leaf(1041021, t("键盘", "Keyboards", "คีย์บอร์ด", "Bàn phím"), [t("键盘", "keyboard", "คีย์บอร์ด", "bàn phím"), t("机械键盘", "mechanical keyboard", "คีย์บอร์ดแมคคานิคอล", "bàn phím cơ")], ["color", "package"], [4900, 89900], 0.9),
          leaf(1041022, t("鼠标", "Mice", "เมาส์", "Chuột máy tính"), [t("鼠标", "mouse", "เมาส์", "chuột máy tính")], ["color", "package"], [1900, 59900], 0.12),
          leaf(1041023, t("显示器", "Monitors", "จอมอนิเตอร์", "Màn hình máy tính"), [t("显示器", "monitor", "จอมอนิเตอร์", "màn hình máy tính")], ["package"], [59900, 499900], 5.5),
          leaf(1041024, t("摄像头", "Webcams", "เว็บแคม", "Webcam"), [t("摄像头", "webcam", "เว็บแคม", "webcam")], ["package"], [4900, 59900], 0.2),
        ],
      },
      {
        id: 1041030,
        name: t("网络设备", "Networking", "อุปกรณ์เครือข่าย", "Thiết bị mạng"),
        tags: ["peripheral"],
        leaves: [
          leaf(1041031, t("路由器", "Routers", "เราเตอร์", "Bộ phát wifi"), [t("路由器", "router", "เราเตอร์", "bộ phát wifi")], ["package", "plug"], [7900, 99900], 0.6),
        ],
      },
      {
        id: 1041040,
        name: t("电脑配件", "Computer Accessories", "อุปกรณ์เสริมคอมพิวเตอร์", "Phụ kiện máy tính"),
        tags: ["peripheral", "storage"],
        leaves: [
          leaf(1041041, t("移动硬盘", "External Hard Drives", "ฮาร์ดดิสก์พกพา", "Ổ cứng di động"), [t("移动硬盘", "external hard drive", "ฮาร์ดดิสก์พกพา", "ổ cứng di động")], ["storage"], [19900, 129900], 0.25),
          leaf(1041042, t("笔记本散热器", "Laptop Cooling Pads", "แท่นระบายความร้อนโน้ตบุ๊ก", "Đế tản nhiệt laptop"), [t("散热器", "laptop cooling pad", "แท่นระบายความร้อนโน้ตบุ๊ก", "đế tản nhiệt laptop")], ["color"], [2900, 19900], 0.8),
        ],
      },
    ],
  },
  {
    id: 54,
    name: t("家用电器", "Home Appliances", "เครื่องใช้ไฟฟ้าในบ้าน", "Điện gia dụng"),
    tags: ["appliance"],
    children: [
      {
        id: 1042010,
        name: t("厨房电器", "Kitchen Appliances", "เครื่องใช้ไฟฟ้าในครัว", "Đồ điện nhà bếp"),
        leaves: [
          leaf(1042011, t("电饭煲", "Rice Cookers", "หม้อหุงข้าว", "Nồi cơm điện"), [t("电饭煲", "rice cooker", "หม้อหุงข้าว", "nồi cơm điện")], ["volume", "plug"], [12900, 99900], 3.5),
          leaf(1042012, t("空气炸锅", "Air Fryers", "หม้อทอดไร้น้ำมัน", "Nồi chiên không dầu"), [t("空气炸锅", "air fryer", "หม้อทอดไร้น้ำมัน", "nồi chiên không dầu")], ["color", "volume", "plug"], [14900, 79900], 4.2),
          leaf(1042013, t("电热水壶", "Electric Kettles", "กาต้มน้ำไฟฟ้า", "Ấm siêu tốc"), [t("电热水壶", "electric kettle", "กาต้มน้ำไฟฟ้า", "ấm siêu tốc")], ["color", "volume", "plug"], [4900, 29900], 1.1),
          leaf(1042014, t("料理机", "Blenders & Juicers", "เครื่องปั่นและเครื่องคั้นน้ำผลไม้", "Máy xay & máy ép"), [t("榨汁机", "juicer", "เครื่องคั้นน้ำผลไม้", "máy ép trái cây"), t("破壁机", "high-speed blender", "เครื่องปั่นความเร็วสูง", "máy xay sinh tố")], ["color", "plug"], [7900, 129900], 3.0),
        ],
      },
      {
        id: 1042020,
        name: t("生活电器", "Household Appliances", "เครื่องใช้ไฟฟ้าภายในบ้าน", "Điện gia dụng đời sống"),
        leaves: [
          leaf(1042021, t("电风扇", "Electric Fans", "พัดลมไฟฟ้า", "Quạt điện"), [t("电风扇", "electric fan", "พัดลมไฟฟ้า", "quạt điện")], ["color", "plug"], [4900, 59900], 3.2),
          leaf(1042022, t("吸尘器", "Vacuum Cleaners", "เครื่องดูดฝุ่น", "Máy hút bụi"), [t("吸尘器", "vacuum cleaner", "เครื่องดูดฝุ่น", "máy hút bụi"), t("扫地机器人", "robot vacuum", "หุ่นยนต์ดูดฝุ่น", "robot hút bụi")], ["color", "plug"], [19900, 399900], 3.5),
          leaf(1042023, t("加湿器", "Humidifiers", "เครื่องเพิ่มความชื้น", "Máy tạo độ ẩm"), [t("加湿器", "humidifier", "เครื่องเพิ่มความชื้น", "máy tạo độ ẩm")], ["color", "volume", "plug"], [3900, 39900], 1.2),
          leaf(1042024, t("空气净化器", "Air Purifiers", "เครื่องฟอกอากาศ", "Máy lọc không khí"), [t("空气净化器", "air purifier", "เครื่องฟอกอากาศ", "máy lọc không khí")], ["plug", "package"], [39900, 299900], 7.5),
        ],
      },
      {
        id: 1042030,
        name: t("个护电器", "Personal Care Appliances", "เครื่องใช้ไฟฟ้าส่วนบุคคล", "Thiết bị chăm sóc cá nhân"),
        tags: ["personalCare", "forWomen", "forMen"],
        leaves: [
          leaf(1042031, t("吹风机", "Hair Dryers", "ไดร์เป่าผม", "Máy sấy tóc"), [t("吹风机", "hair dryer", "ไดร์เป่าผม", "máy sấy tóc")], ["color", "plug"], [4900, 299900], 0.7),
          leaf(1042032, t("剃须刀", "Shavers", "เครื่องโกนหนวด", "Máy cạo râu"), [t("剃须刀", "shaver", "เครื่องโกนหนวด", "máy cạo râu")], ["color", "package"], [4900, 99900], 0.3),
          leaf(1042033, t("卷发棒", "Curling Irons", "เครื่องม้วนผม", "Máy uốn tóc"), [t("卷发棒", "curling iron", "เครื่องม้วนผม", "máy uốn tóc")], ["color", "plug"], [3900, 39900], 0.5),
        ],
      },
    ],
  },
  {
    id: 18,
    name: t("运动户外", "Sports & Outdoors", "กีฬาและกิจกรรมกลางแจ้ง", "Thể thao & dã ngoại"),
    tags: ["forWomen", "forMen"],
    children: [
      {
        id: 1043010,
        name: t("运动服饰", "Sportswear", "ชุดกีฬา", "Đồ thể thao"),
        tags: ["sportswear", "forCouple"],
        leaves: [
          leaf(1043011, t("运动套装", "Tracksuits", "ชุดวอร์ม", "Bộ đồ thể thao"), [t("运动套装", "tracksuit", "ชุดวอร์ม", "bộ đồ thể thao")], APPAREL, [7900, 49900], 0.8),
          leaf(1043012, t("瑜伽服", "Yoga Wear", "ชุดโยคะ", "Đồ tập yoga"), [t("瑜伽服", "yoga wear", "ชุดโยคะ", "đồ tập yoga"), t("瑜伽裤", "yoga pants", "กางเกงโยคะ", "quần tập yoga")], APPAREL, [4900, 29900], 0.3),
        ],
      },
      {
        id: 1043020,
        name: t("健身器材", "Fitness Equipment", "อุปกรณ์ฟิตเนส", "Dụng cụ thể hình"),
        tags: ["fitness"],
        leaves: [
          leaf(1043021, t("瑜伽垫", "Yoga Mats", "เสื่อโยคะ", "Thảm yoga"), [t("瑜伽垫", "yoga mat", "เสื่อโยคะ", "thảm yoga")], ["color", "package"], [2900, 19900], 1.2),
          leaf(1043022, t("哑铃", "Dumbbells", "ดัมเบล", "Tạ tay"), [t("哑铃", "dumbbell", "ดัมเบล", "tạ tay")], ["weight", "package"], [3900, 59900], 10),
          leaf(1043023, t("跳绳", "Jump Ropes", "เชือกกระโดด", "Dây nhảy"), [t("跳绳", "jump rope", "เชือกกระโดด", "dây nhảy")], ["color"], [990, 9900], 0.25, ["forKids", "forStudent"]),
        ],
      },
      {
        id: 1043030,
        name: t("户外装备", "Camping & Hiking", "อุปกรณ์แคมป์ปิ้งและเดินป่า", "Cắm trại & leo núi"),
        tags: ["outdoor"],
        leaves: [
          leaf(1043031, t("帐篷", "Tents", "เต็นท์", "Lều"), [t("帐篷", "tent", "เต็นท์", "lều cắm trại")], ["color", "genericSize"], [9900, 199900], 3.5),
          leaf(1043032, t("睡袋", "Sleeping Bags", "ถุงนอน", "Túi ngủ"), [t("睡袋", "sleeping bag", "ถุงนอน", "túi ngủ")], ["color", "genericSize"], [5900, 59900], 1.6),
          leaf(1043033, t("登山杖", "Trekking Poles", "ไม้เท้าเดินเขา", "Gậy leo núi"), [t("登山杖", "trekking pole", "ไม้เท้าเดินเขา", "gậy leo núi")], ["color", "package"], [2900, 29900], 0.35),
        ],
      },
      {
        id: 1043040,
        name: t("球类运动", "Ball Sports", "กีฬาประเภทลูกบอล", "Bóng & vợt"),
        tags: ["ball", "forStudent", "forKids"],
        leaves: [
          leaf(1043041, t("篮球", "Basketballs", "ลูกบาสเกตบอล", "Bóng rổ"), [t("篮球", "basketball", "ลูกบาสเกตบอล", "quả bóng rổ")], ["genericSize"], [3900, 39900], 0.65),
          leaf(1043042, t("足球", "Footballs", "ลูกฟุตบอล", "Bóng đá"), [t("足球", "football", "ลูกฟุตบอล", "quả bóng đá")], ["genericSize"], [3900, 29900], 0.45),
          leaf(1043043, t("羽毛球拍", "Badminton Rackets", "ไม้แบดมินตัน", "Vợt cầu lông"), [t("羽毛球拍", "badminton racket", "ไม้แบดมินตัน", "vợt cầu lông")], ["color", "package"], [4900, 89900], 0.3),
        ],
      },
      {
        id: 1043050,
        name: t("骑行运动", "Cycling", "จักรยาน", "Đạp xe"),
        tags: ["cycling", "forKids"],
        leaves: [
          leaf(1043051, t("自行车", "Bicycles", "จักรยาน", "Xe đạp"), [t("自行车", "bicycle", "จักรยาน", "xe đạp")], ["color", "genericSize"], [39900, 499900], 14),
          leaf(1043052, t("骑行头盔", "Cycling Helmets", "หมวกกันน็อคจักรยาน", "Mũ bảo hiểm xe đạp"), [t("头盔", "helmet", "หมวกกันน็อค", "mũ bảo hiểm")], ["color", "genericSize"], [4900, 49900], 0.35),
        ],
      },
    ],
  },
  {
    id: 67,
    name: t("文具办公", "Stationery & Office", "เครื่องเขียนและอุปกรณ์สำนักงาน", "Văn phòng phẩm"),
    tags: ["stationery", "forStudent"],
    children: [
      {
        id: 1044010,
        name: t("书写工具", "Writing Instruments", "เครื่องเขียน", "Bút viết"),
        leaves: [
          leaf(1044011, t("中性笔", "Gel Pens", "ปากกาเจล", "Bút gel"), [t("中性笔", "gel pen", "ปากกาเจล", "bút gel")], ["color", "packQuantity"], [290, 3900], 0.1),
          leaf(1044012, t("钢笔", "Fountain Pens", "ปากกาหมึกซึม", "Bút máy"), [t("钢笔", "fountain pen", "ปากกาหมึกซึม", "bút máy")], ["color", "package"], [1900, 39900], 0.1),
          leaf(1044013, t("马克笔", "Markers", "ปากกามาร์กเกอร์", "Bút dạ"), [t("马克笔", "marker", "ปากกามาร์กเกอร์", "bút dạ")], ["packQuantity"], [990, 12900], 0.3),
        ],
      },
      {
        id: 1044020,
        name: t("本册纸品", "Notebooks & Paper", "สมุดและกระดาษ", "Sổ & giấy"),
        leaves: [
          leaf(1044021, t("笔记本", "Notebooks", "สมุดโน้ต", "Sổ tay"), [t("笔记本", "notebook", "สมุดโน้ต", "sổ tay")], ["packQuantity"], [290, 4900], 0.25),
          leaf(1044022, t("便利贴", "Sticky Notes", "กระดาษโน้ตกาว", "Giấy nhớ"), [t("便利贴", "sticky notes", "กระดาษโน้ตกาว", "giấy nhớ")], ["color", "packQuantity"], [190, 2900], 0.1),
        ],
      },
      {
        id: 1044030,
        name: t("办公用品", "Office Supplies", "อุปกรณ์สำนักงาน", "Đồ dùng văn phòng"),
        tags: ["office"],
        leaves: [
          leaf(1044031, t("文件夹", "File Folders", "แฟ้มเอกสาร", "Bìa hồ sơ"), [t("文件夹", "file folder", "แฟ้มเอกสาร", "bìa hồ sơ")], ["color", "packQuantity"], [290, 3900], 0.2),
          leaf(1044032, t("订书机", "Staplers", "เครื่องเย็บกระดาษ", "Dập ghim"), [t("订书机", "stapler", "เครื่องเย็บกระดาษ", "dập ghim")], ["color"], [590, 5900], 0.3),
          leaf(1044033, t("计算器", "Calculators", "เครื่องคิดเลข", "Máy tính cầm tay"), [t("计算器", "calculator", "เครื่องคิดเลข", "máy tính cầm tay")], ["color"], [990, 12900], 0.2),
        ],
      },
      {
        id: 1044040,
        name: t("学生文具", "School Supplies", "อุปกรณ์การเรียน", "Đồ dùng học tập"),
        tags: ["forKids", "bags"],
        leaves: [
          leaf(1044041, t("笔袋", "Pencil Cases", "กระเป๋าดินสอ", "Hộp bút"), [t("笔袋", "pencil case", "กระเป๋าดินสอ", "hộp bút")], ["color"], [590, 4900], 0.1),
          leaf(1044042, t("书包", "School Bags", "กระเป๋านักเรียน", "Cặp sách"), [t("书包", "school bag", "กระเป๋านักเรียน", "cặp sách")], ["color", "genericSize"], [3900, 29900], 0.7),
        ],
      },
    ],
  },
  {
    id: 130822002,
    name: t("宠物用品", "Pet Supplies", "อุปกรณ์สัตว์เลี้ยง", "Đồ dùng thú cưng"),
    tags: ["pet"],
    children: [
      {
        id: 1045010,
        name: t("猫用品", "Cat Supplies", "อุปกรณ์สำหรับแมว", "Đồ dùng cho mèo"),
        tags: ["forCat"],
        leaves: [
          leaf(1045011, t("猫砂", "Cat Litter", "ทรายแมว", "Cát vệ sinh cho mèo"), [t("猫砂", "cat litter", "ทรายแมว", "cát vệ sinh cho mèo")], ["weight"], [1900, 12900], 5),
          leaf(1045012, t("猫爬架", "Cat Trees", "คอนโดแมว", "Nhà cây cho mèo"), [t("猫爬架", "cat tree", "คอนโดแมว", "nhà cây cho mèo")], ["color", "genericSize"], [4900, 59900], 8),
          leaf(1045013, t("猫粮", "Cat Food", "อาหารแมว", "Thức ăn cho mèo"), [t("猫粮", "cat food", "อาหารแมว", "thức ăn cho mèo")], ["weight"], [2900, 39900], 2),
        ],
      },
      {
        id: 1045020,
        name: t("狗用品", "Dog Supplies", "อุปกรณ์สำหรับสุนัข", "Đồ dùng cho chó"),
        tags: ["forDog"],
        leaves: [
          leaf(1045021, t("狗粮", "Dog Food", "อาหารสุนัข", "Thức ăn cho chó"), [t("狗粮", "dog food", "อาหารสุนัข", "thức ăn cho chó")], ["weight"], [2900, 49900], 5),
          leaf(1045022, t("牵引绳", "Leashes", "สายจูง", "Dây dắt"), [t("牵引绳", "leash", "สายจูงสุนัข", "dây dắt chó")], ["color", "genericSize"], [990, 8900], 0.2),
          leaf(1045023, t("宠物窝", "Pet Beds", "ที่นอนสัตว์เลี้ยง", "Ổ nằm thú cưng"), [t("宠物窝", "pet bed", "ที่นอนสัตว์เลี้ยง", "ổ nằm thú cưng")], ["color", "genericSize"], [2900, 29900], 1.2, ["forCat"]),
        ],
      },
      {
        id: 1045030,
        name: t("宠物玩具", "Pet Toys", "ของเล่นสัตว์เลี้ยง", "Đồ chơi thú cưng"),
        tags: ["forCat", "forDog"],
        leaves: [
          leaf(1045031, t("宠物玩具", "Pet Toys", "ของเล่นสัตว์เลี้ยง", "Đồ chơi thú cưng"), [t("宠物玩具", "pet toy", "ของเล่นสัตว์เลี้ยง", "đồ chơi thú cưng"), t("逗猫棒", "cat teaser wand", "ไม้ตกแมว", "cần câu mèo")], ["color", "packQuantity"], [390, 4900], 0.1),
        ],
      },
      {
        id: 1045040,
        name: t("宠物服饰", "Pet Apparel", "เสื้อผ้าสัตว์เลี้ยง", "Quần áo thú cưng"),
        tags: ["petwear", "forCat", "forDog"],
        leaves: [
          leaf(1045041, t("宠物衣服", "Pet Clothes", "เสื้อผ้าสัตว์เลี้ยง", "Quần áo thú cưng"), [t("宠物衣服", "pet clothes", "เสื้อผ้าสัตว์เลี้ยง", "quần áo thú cưng")], ["color", "clothingSize"], [990, 8900], 0.1),
          leaf(1045042, t("项圈", "Collars", "ปลอกคอ", "Vòng cổ thú cưng"), [t("项圈", "pet collar", "ปลอกคอสัตว์เลี้ยง", "vòng cổ thú cưng")], ["color", "genericSize"], [590, 6900], 0.05),
        ],
      },
    ],
  },
  {
    id: 26,
    name: t("汽车用品", "Auto Accessories", "อุปกรณ์รถยนต์", "Phụ kiện ô tô"),
    tags: ["auto"],
    children: [
      {
        id: 1046010,
        name: t("车载电器", "Car Electronics", "อุปกรณ์อิเล็กทรอนิกส์ในรถยนต์", "Đồ điện tử ô tô"),
        tags: ["carElectronics"],
        leaves: [
          leaf(1046011, t("行车记录仪", "Dash Cams", "กล้องติดรถยนต์", "Camera hành trình"), [t("行车记录仪", "dash cam", "กล้องติดรถยนต์", "camera hành trình")], ["storage", "package"], [9900, 99900], 0.3),
          leaf(1046012, t("车载充电器", "Car Chargers", "ที่ชาร์จในรถยนต์", "Tẩu sạc ô tô"), [t("车载充电器", "car charger", "ที่ชาร์จในรถยนต์", "tẩu sạc ô tô")], ["chargerPower"], [1500, 12900], 0.08),
          leaf(1046013, t("车载手机支架", "Car Phone Holders", "ที่วางโทรศัพท์ในรถยนต์", "Giá đỡ điện thoại ô tô"), [t("车载支架", "car phone holder", "ที่วางโทรศัพท์ในรถยนต์", "giá đỡ điện thoại ô tô")], ["color"], [990, 9900], 0.15),
        ],
      },
      {
        id: 1046020,
        name: t("汽车内饰", "Interior Accessories", "อุปกรณ์ตกแต่งภายในรถ", "Phụ kiện nội thất ô tô"),
        leaves: [
          leaf(1046021, t("汽车座垫", "Seat Cushions", "เบาะรองนั่งรถยนต์", "Đệm ghế ô tô"), [t("汽车座垫", "car seat cushion", "เบาะรองนั่งรถยนต์", "đệm ghế ô tô")], ["color", "package"], [4900, 79900], 2.5),
          leaf(1046022, t("汽车脚垫", "Floor Mats", "พรมปูพื้นรถยนต์", "Thảm lót sàn ô tô"), [t("汽车脚垫", "car floor mat", "พรมปูพื้นรถยนต์", "thảm lót sàn ô tô")], ["color", "package"], [9900, 99900], 4.5),
          leaf(1046023, t("车载香薰", "Car Air Fresheners", "น้ำหอมรถยนต์", "Nước hoa ô tô"), [t("车载香薰", "car air freshener", "น้ำหอมรถยนต์", "nước hoa ô tô")], ["package"], [990, 12900], 0.15),
        ],
      },
      {
        id: 1046030,
        name: t("汽车美容", "Car Care", "อุปกรณ์ดูแลรถยนต์", "Chăm sóc xe"),
        leaves: [
          leaf(1046031, t("洗车工具", "Car Wash Tools", "อุปกรณ์ล้างรถ", "Dụng cụ rửa xe"), [t("洗车毛巾", "car wash towel", "ผ้าเช็ดรถ", "khăn lau xe")], ["color", "packQuantity"], [590, 5900], 0.2),
          leaf(1046032, t("车衣", "Car Covers", "ผ้าคลุมรถ", "Bạt phủ ô tô"), [t("车衣", "car cover", "ผ้าคลุมรถ", "bạt phủ ô tô")], ["color", "genericSize"], [5900, 49900], 2.8),
        ],
      },
    ],
  },
  {
    id: 97,
    name: t("珠宝配饰", "Jewelry & Watches", "เครื่องประดับและนาฬิกา", "Trang sức & đồng hồ"),
    tags: ["forWomen", "forMen", "forCouple"],
    children: [
      {
        id: 1047010,
        name: t("时尚饰品", "Fashion Jewelry", "เครื่องประดับแฟชั่น", "Trang sức thời trang"),
        tags: ["jewelry"],
        leaves: [
          leaf(1047011, t("项链", "Necklaces", "สร้อยคอ", "Dây chuyền"), [t("项链", "necklace", "สร้อยคอ", "dây chuyền")], ["color"], [1900, 99900], 0.03),
          leaf(1047012, t("耳环", "Earrings", "ต่างหู", "Bông tai"), [t("耳环", "earrings", "ต่างหู", "bông tai")], ["color"], [990, 49900], 0.02),
          leaf(1047013, t("戒指", "Rings", "แหวน", "Nhẫn"), [t("戒指", "ring", "แหวน", "nhẫn")], ["color", "ringSize"], [990, 99900], 0.02),
          leaf(1047014, t("手链", "Bracelets", "สร้อยข้อมือ", "Vòng tay"), [t("手链", "bracelet", "สร้อยข้อมือ", "vòng tay")], ["color"], [990, 69900], 0.03),
        ],
      },
      {
        id: 1047020,
        name: t("手表", "Watches", "นาฬิกา", "Đồng hồ"),
        tags: ["watch", "forStudent"],
        leaves: [
          leaf(1047021, t("石英表", "Quartz Watches", "นาฬิกาควอตซ์", "Đồng hồ thạch anh"), [t("手表", "watch", "นาฬิกาข้อมือ", "đồng hồ đeo tay"), t("石英表", "quartz watch", "นาฬิกาควอตซ์", "đồng hồ thạch anh")], ["color", "package"], [4900, 199900], 0.12),
          leaf(1047022, t("机械表", "Mechanical Watches", "นาฬิกากลไก", "Đồng hồ cơ"), [t("机械表", "mechanical watch", "นาฬิกากลไก", "đồng hồ cơ")], ["color", "package"], [29900, 999900], 0.15),
          leaf(1047023, t("表带", "Watch Straps", "สายนาฬิกา", "Dây đồng hồ"), [t("表带", "watch strap", "สายนาฬิกา", "dây đồng hồ")], ["color", "genericSize"], [990, 19900], 0.03),
        ],
      },
      {
        id: 1047030,
        name: t("眼镜", "Eyewear", "แว่นตา", "Kính mắt"),
        tags: ["eyewear"],
        leaves: [
          leaf(1047031, t("太阳镜", "Sunglasses", "แว่นกันแดด", "Kính râm"), [t("太阳镜", "sunglasses", "แว่นกันแดด", "kính râm")], ["color"], [1900, 59900], 0.05),
          leaf(1047032, t("眼镜框", "Eyeglass Frames", "กรอบแว่นตา", "Gọng kính"), [t("眼镜框", "eyeglass frame", "กรอบแว่นตา", "gọng kính")], ["color"], [2900, 99900], 0.04),
        ],
      },
      {
        id: 1047040,
        name: t("发饰", "Hair Accessories", "เครื่องประดับผม", "Phụ kiện tóc"),
        tags: ["hairAcc", "forKids"],
        leaves: [
          leaf(1047041, t("发夹", "Hair Clips", "กิ๊บติดผม", "Kẹp tóc"), [t("发夹", "hair clip", "กิ๊บติดผม", "kẹp tóc"), t("发圈", "hair tie", "ยางรัดผม", "dây buộc tóc")], ["color", "packQuantity"], [190, 3900], 0.02),
        ],
      },
    ],
  },
];

// Flatten the tree once: nodes in depth-first order (level 1, its level 2, their leaves, …).
const NODES: CategoryNode[] = [];
const LEAVES: LeafCategory[] = [];
const BY_ID = new Map<number, CategoryNode>();
const CHILDREN = new Map<number, CategoryNode[]>();

function register(node: CategoryNode): void {
  if (BY_ID.has(node.id)) throw new Error(`duplicate category id ${node.id}`);
  BY_ID.set(node.id, node);
  NODES.push(node);
  const siblings = CHILDREN.get(node.parentId);
  if (siblings === undefined) CHILDREN.set(node.parentId, [node]);
  else siblings.push(node);
}

function unionTags(...lists: (readonly string[] | undefined)[]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const tag of list ?? []) if (!out.includes(tag)) out.push(tag);
  return out;
}

for (const l1 of TREE) {
  register({ id: l1.id, parentId: 0, level: 1, name: l1.name, tags: l1.tags });
  for (const l2 of l1.children) {
    const tags2 = unionTags(l1.tags, l2.tags);
    register({ id: l2.id, parentId: l1.id, level: 2, name: l2.name, tags: tags2 });
    for (const d of l2.leaves) {
      const node: LeafCategory = {
        id: d.id,
        parentId: l2.id,
        level: 3,
        name: d.name ?? d.types[0]!,
        tags: unionTags(tags2, d.tags),
        productTypes: d.types,
        propertySets: d.props,
        priceRangeFen: d.price,
        weightKg: d.kg,
      };
      register(node);
      LEAVES.push(node);
    }
  }
}

/** Every category node, level 1 to 3, depth-first. */
export const CATEGORIES: readonly CategoryNode[] = NODES;

/** Every leaf category (level 3), in tree order. */
export function leafCategories(): readonly LeafCategory[] {
  return LEAVES;
}

/** The category with this id (any level), or undefined. */
export function categoryById(id: number): CategoryNode | undefined {
  return BY_ID.get(id);
}

/** The leaf category with this id, or undefined (also for a level 1 or 2 id). */
export function leafById(id: number): LeafCategory | undefined {
  const node = BY_ID.get(id);
  return node !== undefined && isLeaf(node) ? node : undefined;
}

export function isLeaf(node: CategoryNode): node is LeafCategory {
  return node.level === 3;
}

/** Children of a node; `0` gives the level-1 categories (the 1688 category call's root). */
export function childrenOf(id: number): readonly CategoryNode[] {
  return CHILDREN.get(id) ?? [];
}

/** The path from level 1 down to the node, or [] for an unknown id. */
export function categoryPath(id: number): CategoryNode[] {
  const path: CategoryNode[] = [];
  for (let node = BY_ID.get(id); node !== undefined; node = BY_ID.get(node.parentId)) path.unshift(node);
  return path;
}

function overlaps(a: Term, b: Term): boolean {
  for (const lang of LANGS) {
    const x = a[lang].toLowerCase();
    const y = b[lang].toLowerCase();
    if (x.includes(y) || y.includes(x)) return true;
  }
  return false;
}

/**
 * The modifiers that apply to a leaf (a shared tag). With `type`, modifiers whose text overlaps the
 * type word in some language are left out (no "运动风运动鞋", no "保温保温杯").
 */
export function modifiersFor(leafCategory: LeafCategory, type?: Term): Modifier[] {
  const tags = new Set(leafCategory.tags);
  return MODIFIERS.filter(
    (m) => m.domains.some((d) => tags.has(d)) && (type === undefined || !overlaps(m, type)),
  );
}

// ---------------------------------------------------------------------------------------------------
// Title composition

/** Position of each modifier kind in a title, per language (the type noun is placed separately). */
const KIND_ORDER: Record<Lang, readonly ModifierKind[]> = {
  // 新款夏季韩版女士防晒大码白色碎花纯棉连衣裙
  zh: ["marketing", "season", "style", "audience", "feature", "size", "color", "pattern", "material"],
  // new women's summer sun-protective plus-size Korean-style white floral pure cotton dress
  en: ["marketing", "audience", "season", "feature", "size", "style", "color", "pattern", "material"],
  // ชุดเดรส ผู้หญิง ผ้าฝ้ายแท้ ลายดอกไม้ สีขาว สไตล์เกาหลี ไซซ์ใหญ่ กันแดด ฤดูร้อน รุ่นใหม่
  th: ["audience", "material", "pattern", "color", "style", "size", "feature", "season", "marketing"],
  // Váy đầm nữ cotton nguyên chất hoa nhí màu trắng phong cách Hàn Quốc ngoại cỡ chống nắng mùa hè mẫu mới
  vi: ["audience", "material", "pattern", "color", "style", "size", "feature", "season", "marketing"],
};

const KIND_RANK: Record<Lang, Map<ModifierKind, number>> = {
  zh: new Map(KIND_ORDER.zh.map((k, i) => [k, i])),
  en: new Map(KIND_ORDER.en.map((k, i) => [k, i])),
  th: new Map(KIND_ORDER.th.map((k, i) => [k, i])),
  vi: new Map(KIND_ORDER.vi.map((k, i) => [k, i])),
};

function kindOf(term: Term): ModifierKind | undefined {
  const own = (term as Partial<Modifier>).kind;
  return own ?? MODIFIER_BY_ZH.get(term.zh)?.kind;
}

function orderModifiers(modifiers: readonly Term[], lang: Lang): string[] {
  const rank = KIND_RANK[lang];
  return modifiers
    .map((m, i) => {
      const kind = kindOf(m);
      // Unknown terms keep their given position after the known kinds.
      return { text: m[lang], r: kind === undefined ? rank.size : rank.get(kind)!, i };
    })
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.text)
    .filter((s) => s.length > 0);
}

function isHanChar(code: number): boolean {
  return (
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x3000 && code <= 0x303f) || // CJK punctuation
    (code >= 0xff00 && code <= 0xffef) // full-width forms
  );
}

/** Chinese joining: no space between two Chinese words, one space where a Latin/digit token meets. */
function joinChinese(tokens: readonly string[]): string {
  let out = "";
  for (const token of tokens) {
    if (out.length > 0) {
      const left = out.charCodeAt(out.length - 1);
      const right = token.charCodeAt(0);
      if (!(isHanChar(left) && isHanChar(right))) out += " ";
    }
    out += token;
  }
  return out;
}

function capitalize(text: string): string {
  if (text.length === 0) return text;
  const first = text.charAt(0);
  const upper = first.toUpperCase();
  return upper === first ? text : upper + text.slice(1);
}

/**
 * Title of an item in one language, composed from Terms so that the four languages say the same
 * thing: Chinese puts modifiers before the type noun with no spaces between Chinese words (spaces
 * only around Latin tokens: brand, model, "5G"); English puts adjectives before the noun; Thai and
 * Vietnamese put the noun first and the modifiers after it. Brand and model are kept verbatim and come
 * first (zh, en) or right after the noun (th, vi). Modifier order follows their kind (KIND_ORDER);
 * a Term that is not one of MODIFIERS keeps its given order after the known kinds.
 */
export function composeTitle(
  parts: { modifiers: readonly Term[]; type: Term; brand?: string; model?: string },
  lang: Lang,
): string {
  const mods = orderModifiers(parts.modifiers, lang);
  const lead: string[] = [];
  if (parts.brand !== undefined && parts.brand.trim() !== "") lead.push(parts.brand.trim());
  if (parts.model !== undefined && parts.model.trim() !== "") lead.push(parts.model.trim());
  const type = parts.type[lang];
  switch (lang) {
    case "zh":
      return joinChinese([...lead, ...mods, type]);
    case "en": {
      const title = [...lead, ...mods, type].join(" ");
      return lead.length > 0 ? title : capitalize(title);
    }
    case "th":
      return [type, ...lead, ...mods].join(" ");
    case "vi":
      return capitalize([type, ...lead, ...mods].join(" "));
  }
}
