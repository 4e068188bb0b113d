import type { TemperatureClass } from '../platform/db/schema.ts';
import type { DistrictName } from './city.ts';

/**
 * The demo operator's catalog and today's campaigns: what a Changsha community group-buying
 * operator sells in late autumn. Prices are integer fen; cost is what the supplier charges.
 */

export const demoSuppliers = {
  xiangjiang: { name: '湘江果蔬合作社', contactName: '周建国', phone: '13500000001' },
  wangcheng: { name: '望城蔬菜基地', contactName: '彭桂兰', phone: '13500000002' },
  ningxiang: { name: '宁乡花猪肉联厂', contactName: '谭志强', phone: '13500000003' },
  dongting: { name: '洞庭湖水产', contactName: '龙海波', phone: '13500000004' },
  liuyang: { name: '浏阳蒸菜', contactName: '曾秀英', phone: '13500000005' },
  wangwang: { name: '旺旺食品长沙经销', contactName: '黄立新', phone: '13500000006' },
  xiangru: { name: '湘乳乳业长沙配送站', contactName: '贺晓燕', phone: '13500000007' },
  xingsha: { name: '星沙粮油日杂批发部', contactName: '刘德明', phone: '13500000008' },
} as const;
export type DemoSupplierKey = keyof typeof demoSuppliers;

export const demoCategories = ['水果', '蔬菜', '肉禽蛋', '水产', '乳品烘焙', '粮油调味', '休闲零食', '速冻食品', '日用百货'] as const;
export type DemoCategory = (typeof demoCategories)[number];

/**
 * One row per SKU: product, category, supplier, temperature class, shelf life in days, spec, unit,
 * list price, cost price and today's group price (fen), weight (g), volume (ml), then extras:
 * a barcode for packaged goods, `stock` when the allocation is capped (else unlimited presale) and
 * `limit` per resident for traffic items. Rows of one product are adjacent.
 */
type SkuLine = readonly [
  product: string,
  category: DemoCategory,
  supplier: DemoSupplierKey,
  temperature: TemperatureClass,
  shelfLifeDays: number,
  spec: string,
  unit: string,
  listFen: number,
  costFen: number,
  groupFen: number,
  weightG: number,
  volumeMl: number,
  extras?: { barcode?: string; stock?: number; limit?: number },
];

// biome-ignore format: one SKU per line, read as a table
const skuLines = [
  // 水果
  ['麻阳冰糖橙', '水果', 'xiangjiang', 'ambient', 20, '5斤装', '箱', 2990, 1850, 1990, 2600, 6000],
  ['麻阳冰糖橙', '水果', 'xiangjiang', 'ambient', 20, '10斤装', '箱', 5490, 3500, 3690, 5200, 11000],
  ['赣南脐橙', '水果', 'xiangjiang', 'ambient', 25, '10斤装', '箱', 4990, 3300, 3990, 5200, 11000],
  ['海南香蕉', '水果', 'xiangjiang', 'ambient', 5, '3斤装', '份', 1290, 750, 990, 1550, 3000],
  ['烟台红富士苹果', '水果', 'xiangjiang', 'ambient', 30, '5斤装', '箱', 3290, 2100, 2590, 2600, 6000],
  ['广西砂糖橘', '水果', 'xiangjiang', 'ambient', 15, '5斤装', '箱', 2490, 1500, 1790, 2600, 6000],
  ['四川丑橘', '水果', 'xiangjiang', 'ambient', 20, '5斤装', '箱', 2990, 1900, 2290, 2600, 6000],
  ['库尔勒香梨', '水果', 'xiangjiang', 'ambient', 30, '3斤装', '盒', 2590, 1600, 1990, 1600, 3500],
  ['阳光玫瑰葡萄', '水果', 'xiangjiang', 'chilled', 10, '2斤装', '盒', 3990, 2600, 2990, 1100, 2500, { stock: 300 }],
  ['丹东红颜草莓', '水果', 'xiangjiang', 'chilled', 4, '1斤装', '盒', 3990, 2600, 2990, 550, 1500, { stock: 200 }],
  ['海南金钻凤梨', '水果', 'xiangjiang', 'ambient', 7, '2个装', '份', 1990, 1200, 1590, 2400, 5000],
  // 蔬菜
  ['本地小白菜', '蔬菜', 'wangcheng', 'chilled', 3, '500g', '袋', 390, 180, 290, 520, 2000],
  ['红菜薹', '蔬菜', 'wangcheng', 'chilled', 3, '500g', '把', 590, 300, 450, 520, 2000],
  ['番茄', '蔬菜', 'wangcheng', 'ambient', 7, '500g', '份', 490, 260, 390, 520, 900],
  ['黄瓜', '蔬菜', 'wangcheng', 'ambient', 5, '500g', '份', 390, 200, 290, 520, 900],
  ['黄心土豆', '蔬菜', 'wangcheng', 'ambient', 30, '3斤装', '袋', 690, 380, 490, 1550, 2200, { limit: 3 }],
  ['胡萝卜', '蔬菜', 'wangcheng', 'ambient', 20, '2斤装', '袋', 590, 300, 450, 1030, 1600],
  ['螺丝椒', '蔬菜', 'wangcheng', 'chilled', 5, '500g', '份', 590, 320, 450, 520, 1500],
  ['大白菜', '蔬菜', 'wangcheng', 'ambient', 10, '约3斤', '颗', 590, 300, 450, 1500, 4000],
  ['鲜香菇', '蔬菜', 'wangcheng', 'chilled', 5, '250g', '盒', 690, 400, 550, 280, 1200],
  ['洞庭湖莲藕', '蔬菜', 'wangcheng', 'chilled', 7, '2斤装', '袋', 990, 550, 790, 1030, 1500],
  ['红薯', '蔬菜', 'wangcheng', 'ambient', 30, '3斤装', '袋', 890, 480, 690, 1550, 2200],
  ['蒜苗', '蔬菜', 'wangcheng', 'chilled', 4, '300g', '把', 450, 240, 350, 320, 1200],
  // 肉禽蛋
  ['宁乡花猪五花肉', '肉禽蛋', 'ningxiang', 'chilled', 3, '500g', '盒', 2990, 2100, 2590, 550, 800],
  ['宁乡花猪前腿肉', '肉禽蛋', 'ningxiang', 'chilled', 3, '500g', '盒', 2490, 1750, 2190, 550, 800],
  ['宁乡花猪肋排', '肉禽蛋', 'ningxiang', 'chilled', 3, '500g', '盒', 3990, 2900, 3490, 550, 900],
  ['特价鸡蛋', '肉禽蛋', 'ningxiang', 'ambient', 30, '10枚', '盒', 990, 780, 590, 600, 1200, { stock: 1000, limit: 2 }],
  ['农家土鸡蛋', '肉禽蛋', 'ningxiang', 'ambient', 30, '30枚', '盒', 3290, 2300, 2690, 1600, 3500],
  ['三黄鸡', '肉禽蛋', 'ningxiang', 'chilled', 3, '整只约1.5kg', '只', 4990, 3500, 3990, 1550, 2500],
  ['鸡翅中', '肉禽蛋', 'ningxiang', 'frozen', 180, '500g', '袋', 3290, 2300, 2690, 520, 800],
  ['冷冻琵琶腿', '肉禽蛋', 'ningxiang', 'frozen', 180, '1kg', '袋', 2590, 1800, 1990, 1030, 1500],
  ['牛腱子肉', '肉禽蛋', 'ningxiang', 'frozen', 180, '500g', '袋', 5990, 4300, 4990, 520, 700],
  // 水产
  ['洞庭湖草鱼', '水产', 'dongting', 'chilled', 1, '约2斤', '条', 2590, 1700, 1990, 1050, 2000],
  ['鲜活鲫鱼', '水产', 'dongting', 'chilled', 1, '约1斤', '条', 1690, 1050, 1290, 520, 1200],
  ['洞庭湖大闸蟹', '水产', 'dongting', 'chilled', 3, '公蟹3.5两 4只装', '盒', 9990, 6800, 7990, 800, 4000, { stock: 150 }],
  ['冷冻虾仁', '水产', 'dongting', 'frozen', 365, '300g', '袋', 3990, 2600, 2990, 320, 500],
  ['冷冻带鱼段', '水产', 'dongting', 'frozen', 365, '500g', '袋', 2990, 2000, 2390, 520, 700],
  ['麻辣小龙虾', '水产', 'dongting', 'frozen', 180, '1.5kg', '盒', 5990, 3900, 4590, 1550, 2500, { barcode: '6971256005061' }],
  // 乳品烘焙
  ['鲜牛奶', '乳品烘焙', 'xiangru', 'chilled', 7, '950ml', '瓶', 1590, 1050, 1290, 1000, 1000, { barcode: '6923418001015' }],
  ['原味酸奶', '乳品烘焙', 'xiangru', 'chilled', 21, '100g×8杯', '组', 1990, 1300, 1590, 850, 1000, { barcode: '6923418001022' }],
  ['全脂纯牛奶', '乳品烘焙', 'xiangru', 'ambient', 180, '250ml×24盒', '箱', 5990, 4300, 4990, 6300, 7500, { barcode: '6923418001039' }],
  ['手撕面包', '乳品烘焙', 'xiangru', 'ambient', 30, '1kg', '箱', 2490, 1600, 1990, 1100, 6000, { barcode: '6923418001046' }],
  ['牛奶吐司', '乳品烘焙', 'xiangru', 'ambient', 7, '400g', '袋', 990, 600, 790, 420, 2500, { barcode: '6923418001053' }],
  // 粮油调味
  ['东北长粒香大米', '粮油调味', 'xingsha', 'ambient', 365, '10kg', '袋', 5990, 4500, 4990, 10050, 14000, { barcode: '6937021002017' }],
  ['南县稻虾米', '粮油调味', 'xingsha', 'ambient', 365, '5kg', '袋', 3990, 2900, 3290, 5030, 7000, { barcode: '6937021002024' }],
  ['压榨菜籽油', '粮油调味', 'xingsha', 'ambient', 540, '5L', '桶', 6990, 5300, 5990, 4700, 5200, { barcode: '6937021002031' }],
  ['特级生抽', '粮油调味', 'xingsha', 'ambient', 720, '500ml', '瓶', 990, 600, 790, 620, 600, { barcode: '6937021002048' }],
  ['湖南剁辣椒', '粮油调味', 'xingsha', 'ambient', 180, '500g', '瓶', 1290, 750, 990, 650, 600, { barcode: '6937021002055' }],
  ['鸡蛋挂面', '粮油调味', 'xingsha', 'ambient', 365, '1kg', '袋', 890, 560, 690, 1020, 1500, { barcode: '6937021002062' }],
  // 休闲零食
  ['旺仔牛奶', '休闲零食', 'wangwang', 'ambient', 365, '245ml×12罐', '箱', 5990, 4300, 4790, 3400, 4000, { barcode: '6902833003019' }],
  ['旺旺雪饼', '休闲零食', 'wangwang', 'ambient', 270, '520g', '袋', 2190, 1500, 1790, 560, 5000, { barcode: '6902833003026' }],
  ['麻辣小鱼仔', '休闲零食', 'wangwang', 'ambient', 240, '12g×20包', '袋', 1590, 1000, 1290, 280, 1500, { barcode: '6902833003033' }],
  ['每日坚果', '休闲零食', 'wangwang', 'ambient', 180, '25g×30袋', '盒', 7990, 5200, 5990, 900, 3000, { barcode: '6902833003040', stock: 300 }],
  ['浏阳茴饼', '休闲零食', 'liuyang', 'ambient', 90, '400g', '盒', 1990, 1200, 1590, 450, 1500, { barcode: '6902833003057' }],
  // 速冻食品
  ['浏阳蒸菜·梅菜扣肉', '速冻食品', 'liuyang', 'frozen', 180, '350g', '盒', 2590, 1600, 1990, 400, 600, { barcode: '6971256005016' }],
  ['浏阳蒸菜·腊味合蒸', '速冻食品', 'liuyang', 'frozen', 180, '400g', '盒', 2990, 1900, 2290, 450, 650, { barcode: '6971256005023' }],
  ['剁椒鱼头', '速冻食品', 'liuyang', 'frozen', 180, '1.2kg', '盒', 4990, 3200, 3790, 1300, 2000, { barcode: '6971256005030' }],
  ['猪肉白菜水饺', '速冻食品', 'liuyang', 'frozen', 365, '1kg', '袋', 2290, 1500, 1790, 1030, 1800, { barcode: '6971256005047' }],
  ['黑芝麻汤圆', '速冻食品', 'liuyang', 'frozen', 365, '500g', '袋', 1290, 800, 990, 520, 900, { barcode: '6971256005054' }],
  // 日用百货
  ['原木抽纸', '日用百货', 'xingsha', 'ambient', 1095, '3层100抽×24包', '箱', 4990, 3400, 3990, 3000, 30000, { barcode: '6958612004012' }],
  ['薰衣草洗衣液', '日用百货', 'xingsha', 'ambient', 1095, '3kg', '瓶', 3990, 2500, 2990, 3100, 3200, { barcode: '6958612004029' }],
  ['柠檬洗洁精', '日用百货', 'xingsha', 'ambient', 1095, '1.5kg', '瓶', 1290, 750, 990, 1560, 1600, { barcode: '6958612004036' }],
  ['加厚垃圾袋', '日用百货', 'xingsha', 'ambient', 1095, '45×50cm 5卷', '组', 990, 500, 690, 450, 1200, { barcode: '6958612004043' }],
  ['清新牙膏', '日用百货', 'xingsha', 'ambient', 1095, '120g×3支', '组', 2490, 1500, 1890, 420, 600, { barcode: '6958612004050' }],
] as const satisfies readonly SkuLine[];
export type DemoProductName = (typeof skuLines)[number][0];

const descriptions: Partial<Record<DemoProductName, string>> = {
  麻阳冰糖橙: '湘西麻阳产地直发，皮薄多汁',
  红菜薹: '湖南冬季时令菜',
  特价鸡蛋: '引流特价，每人限购2盒',
  洞庭湖草鱼: '当日宰杀，冰鲜配送',
};

export interface DemoSku {
  spec: string;
  unit: string;
  listFen: number;
  costFen: number;
  groupFen: number;
  weightG: number;
  volumeMl: number;
  barcode?: string;
  stock?: number;
  limit?: number;
}

export interface DemoProduct {
  name: DemoProductName;
  category: DemoCategory;
  supplier: DemoSupplierKey;
  temperature: TemperatureClass;
  shelfLifeDays: number;
  description: string;
  skus: DemoSku[];
}

/** The catalog as products with their SKUs, in the order of the lines above. */
export const demoProducts: readonly DemoProduct[] = (() => {
  const byName = new Map<DemoProductName, DemoProduct>();
  for (const line of skuLines as readonly SkuLine[]) {
    const [name, category, supplier, temperature, shelfLifeDays, spec, unit, listFen, costFen, groupFen, weightG, volumeMl, extras] = line;
    const product = byName.get(name as DemoProductName) ?? {
      name: name as DemoProductName,
      category,
      supplier,
      temperature,
      shelfLifeDays,
      description: descriptions[name as DemoProductName] ?? '',
      skus: [],
    };
    byName.set(product.name, product);
    product.skus.push({ spec, unit, listFen, costFen, groupFen, weightG, volumeMl, ...extras });
  }
  return [...byName.values()];
})();

/** A campaign opened today; `leaderDistricts` limits it to the leaders of those districts. */
export interface DemoCampaign {
  title: string;
  /** Names its times only as `{cutoff}` and `{pickup}`, which the seed writes from the times it sets (campaign-text.ts). */
  description: string;
  products: readonly DemoProductName[];
  minTotalQuantity?: number;
  leaderDistricts?: readonly DistrictName[];
}

export const demoCampaigns: readonly DemoCampaign[] = [
  { title: '今日爆款·特价鸡蛋', description: '特价鸡蛋每人限购2盒，手慢无', products: ['特价鸡蛋', '海南香蕉', '黄心土豆'] },
  {
    title: '当季鲜果',
    description: '产地直采，{cutoff}截单，{pickup}自提',
    products: ['麻阳冰糖橙', '赣南脐橙', '烟台红富士苹果', '广西砂糖橘', '四川丑橘', '库尔勒香梨'],
  },
  {
    title: '精品水果·限量',
    description: '限量供应，满50份成团',
    products: ['阳光玫瑰葡萄', '丹东红颜草莓', '海南金钻凤梨'],
    minTotalQuantity: 50,
  },
  { title: '每日鲜蔬', description: '望城基地当天采摘', products: ['本地小白菜', '番茄', '黄瓜', '胡萝卜', '大白菜', '红薯'] },
  { title: '湘味时蔬', description: '红菜薹上市啦', products: ['红菜薹', '螺丝椒', '鲜香菇', '洞庭湖莲藕', '蒜苗'] },
  {
    title: '宁乡花猪肉',
    description: '宁乡花猪，当日分割冷鲜配送，满30份成团',
    products: ['宁乡花猪五花肉', '宁乡花猪前腿肉', '宁乡花猪肋排'],
    minTotalQuantity: 30,
  },
  { title: '鲜禽冻品', description: '家常鸡鸭牛肉', products: ['农家土鸡蛋', '三黄鸡', '鸡翅中', '冷冻琵琶腿', '牛腱子肉'] },
  { title: '洞庭湖鲜', description: '湖鲜冰鲜直达', products: ['洞庭湖草鱼', '鲜活鲫鱼', '冷冻虾仁', '冷冻带鱼段', '麻辣小龙虾'] },
  {
    title: '洞庭湖大闸蟹·河西专享',
    description: '岳麓区、望城区团长专享，满20份成团',
    products: ['洞庭湖大闸蟹'],
    minTotalQuantity: 20,
    leaderDistricts: ['岳麓区', '望城区'],
  },
  { title: '早餐奶品', description: '鲜奶酸奶面包，早餐一站配齐', products: ['鲜牛奶', '原味酸奶', '全脂纯牛奶', '手撕面包', '牛奶吐司'] },
  {
    title: '粮油米面',
    description: '家中常备，囤货正当时',
    products: ['东北长粒香大米', '南县稻虾米', '压榨菜籽油', '特级生抽', '湖南剁辣椒', '鸡蛋挂面'],
  },
  {
    title: '浏阳蒸菜·速冻',
    description: '雨花区、天心区试点：浏阳蒸菜，加热即食',
    products: ['浏阳蒸菜·梅菜扣肉', '浏阳蒸菜·腊味合蒸', '剁椒鱼头', '猪肉白菜水饺', '黑芝麻汤圆'],
    leaderDistricts: ['雨花区', '天心区'],
  },
  {
    title: '零食日用',
    description: '零食百货，团购更划算',
    products: ['旺仔牛奶', '旺旺雪饼', '每日坚果', '原木抽纸', '薰衣草洗衣液', '柠檬洗洁精'],
  },
];
