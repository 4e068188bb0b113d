/**
 * The demo city: Changsha (长沙), its districts with rough centres, neighbourhoods where leaders
 * keep their pickup points, and the name lists people are drawn from. Everything random here
 * comes from a seeded generator, so every first start builds the same city.
 */

export const CITY_NAME = '长沙';

/** Where pickup points may lie: central Changsha, from Wangcheng in the north-west to Xingsha in the east. */
export const CITY_BOX = { minLat: 28.05, maxLat: 28.35, minLng: 112.8, maxLng: 113.1 } as const;

export interface District {
  name: string;
  centre: { lat: number; lng: number };
  /** Spread of pickup points around the centre, in degrees (one standard deviation). */
  spread: number;
  /** How many of the demo's leaders live here. */
  leaders: number;
  neighbourhoods: readonly string[];
}

export const districts = [
  {
    name: '芙蓉区',
    centre: { lat: 28.195, lng: 113.01 },
    spread: 0.015,
    leaders: 50,
    neighbourhoods: ['东屯渡', '马王堆', '火星', '定王台', '文艺路', '朝阳村', '湘湖', '东岸', '荷花园', '五里牌', '韭菜园', '八一路'],
  },
  {
    name: '天心区',
    centre: { lat: 28.125, lng: 112.99 },
    spread: 0.018,
    leaders: 45,
    neighbourhoods: ['坡子街', '城南路', '裕南街', '金盆岭', '新开铺', '青园', '桂花坪', '赤岭路', '先锋', '黑石铺', '大托', '暮云'],
  },
  {
    name: '岳麓区',
    centre: { lat: 28.2, lng: 112.91 },
    spread: 0.025,
    leaders: 60,
    neighbourhoods: ['望月湖', '橘子洲', '观沙岭', '望城坡', '梅溪湖', '麓谷', '咸嘉湖', '银盆岭', '天顶', '洋湖', '西湖', '岳麓'],
  },
  {
    name: '开福区',
    centre: { lat: 28.25, lng: 112.99 },
    spread: 0.018,
    leaders: 45,
    neighbourhoods: ['伍家岭', '四方坪', '湘雅路', '新河', '东风路', '清水塘', '月湖', '捞刀河', '洪山', '秀峰', '望麓园', '浏阳河'],
  },
  {
    name: '雨花区',
    centre: { lat: 28.14, lng: 113.03 },
    spread: 0.02,
    leaders: 60,
    neighbourhoods: ['侯家塘', '左家塘', '砂子塘', '东塘', '雨花亭', '高桥', '洞井', '圭塘', '井湾子', '黎托', '同升', '跳马'],
  },
  {
    name: '望城区',
    centre: { lat: 28.31, lng: 112.86 },
    spread: 0.02,
    leaders: 25,
    neighbourhoods: ['高塘岭', '丁字湾', '白沙洲', '月亮岛', '大泽湖', '金山桥', '黄金园', '喻家坡', '廖家坪', '郭亮'],
  },
  {
    name: '长沙县',
    centre: { lat: 28.245, lng: 113.075 },
    spread: 0.012,
    leaders: 15,
    neighbourhoods: ['星沙', '泉塘', '湘龙', '榔梨', '松雅湖', '东湖'],
  },
] as const satisfies readonly District[];
export type DistrictName = (typeof districts)[number]['name'];

/** The kinds of shop a leader runs the pickup point from. */
export const shopKinds = ['便利店', '生鲜超市', '水果店', '快递驿站', '粮油店', '母婴店'] as const;

export const openingHours = ['07:00-21:00', '07:30-21:30', '08:00-20:30', '07:00-22:00'] as const;

// Common surnames, with those frequent in Hunan (谭, 彭, 曾, 贺, 龙, 廖) well represented.
const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩邓冯曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢谭贺龙廖易邹熊文向',
];
const givenNames = [
  ...['秀英', '桂兰', '丽', '敏', '静', '芳', '娟', '红', '燕', '霞', '玲', '丹', '婷', '慧', '琴', '萍', '艳', '雪梅', '晓燕', '春花'],
  ...['建华', '志强', '伟', '勇', '军', '杰', '涛', '斌', '磊', '超', '明', '平', '海波', '国庆', '德明', '立新', '小龙', '俊', '浩', '鹏'],
];

/** A small, fast, seedable generator (mulberry32): the same seed gives the same city. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of a non-empty list, chosen by the generator. */
export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** A Chinese personal name: surname then a one- or two-character given name. */
export function personName(random: () => number): string {
  return pick(random, surnames) + pick(random, givenNames);
}

/** A point around the district's centre (normally distributed), redrawn until it lies in the city box. */
export function placeIn(random: () => number, district: District): { lat: number; lng: number } {
  for (;;) {
    // Box-Muller: two uniform draws give two independent standard normal values.
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    const lat = district.centre.lat + district.spread * r * Math.cos(theta);
    const lng = district.centre.lng + district.spread * r * Math.sin(theta);
    if (lat >= CITY_BOX.minLat && lat <= CITY_BOX.maxLat && lng >= CITY_BOX.minLng && lng <= CITY_BOX.maxLng) {
      return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
    }
  }
}

/** Shuffles a copy of the list (Fisher-Yates) with the generator. */
export function shuffled<T>(random: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A leader (团长) of the demo city and the pickup point they run. */
export interface PlannedLeader {
  name: string;
  level: number;
  district: DistrictName;
  pickupPoint: { name: string; address: string; lat: number; lng: number; openingHours: string };
}

/** The city's leaders, district by district, each with a pickup point near the district centre. */
export function planLeaders(random: () => number): PlannedLeader[] {
  const leaders: PlannedLeader[] = [];
  for (const district of districts) {
    // Distinct neighbourhood-and-shop pairs, so no two pickup points share a name.
    const places = shuffled(
      random,
      district.neighbourhoods.flatMap((neighbourhood) => shopKinds.map((kind) => ({ neighbourhood, kind }))),
    );
    for (let i = 0; i < district.leaders; i++) {
      const place = places[i % places.length]!;
      const at = placeIn(random, district);
      leaders.push({
        name: personName(random),
        level: 1 + Math.floor(random() * 3),
        district: district.name,
        pickupPoint: {
          name: `${district.name}·${place.neighbourhood}社区${place.kind}`,
          address: `${CITY_NAME}市${district.name}${place.neighbourhood}社区${1 + Math.floor(random() * 30)}栋1楼门面`,
          ...at,
          openingHours: pick(random, openingHours),
        },
      });
    }
  }
  return leaders;
}

/**
 * For each resident, the index of the leader whose pickup point they use: some points are busier
 * than others, and resident 0 (the demo resident) uses leader 0's (the demo leader's).
 */
export function planResidentHomes(random: () => number, leaders: number, residents: number): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < leaders; i++) {
    total += 0.3 + random() * 1.7;
    cumulative.push(total);
  }
  return Array.from({ length: residents }, (_, i) => {
    const target = random() * total;
    return i === 0
      ? 0
      : Math.max(
          0,
          cumulative.findIndex((c) => c >= target),
        );
  });
}
