//! The made-up group: a seeded random source and the lists people, departments and
//! agreements are drawn from, written out here so the benchmark needs nothing else.

/// SplitMix64: small, fast and the same on every machine for a seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    pub fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

/// Picks an index by weight.
pub struct Weighted {
    cumulative: Vec<u64>,
}

impl Weighted {
    pub fn new(weights: impl IntoIterator<Item = u64>) -> Self {
        let mut total = 0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Weighted { cumulative }
    }

    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().expect("weights");
        let x = rng.next_u64() % total;
        self.cumulative.partition_point(|&c| c <= x)
    }
}

/// Surnames with their approximate share of the population in 1/10,000 (the common
/// ones after the 2019/2020 household-register rankings; the compound ones rare).
#[rustfmt::skip]
pub const SURNAMES: &[(&str, u64)] = &[
    ("王", 747), ("李", 720), ("张", 683), ("刘", 542), ("陈", 453), ("杨", 314),
    ("黄", 226), ("赵", 219), ("吴", 205), ("周", 192), ("徐", 167), ("孙", 154),
    ("马", 147), ("朱", 139), ("胡", 132), ("郭", 118), ("何", 115), ("林", 113),
    ("高", 108), ("罗", 107), ("郑", 98), ("梁", 96), ("谢", 84), ("宋", 78),
    ("唐", 77), ("许", 72), ("韩", 71), ("邓", 68), ("冯", 68), ("曹", 67),
    ("彭", 65), ("曾", 64), ("肖", 62), ("田", 61), ("董", 59), ("潘", 57),
    ("袁", 57), ("蔡", 55), ("蒋", 55), ("余", 54), ("于", 53), ("杜", 52),
    ("叶", 51), ("程", 50), ("魏", 49), ("苏", 49), ("吕", 48), ("丁", 47),
    ("任", 46), ("卢", 44), ("姚", 44), ("沈", 43), ("钟", 42), ("姜", 42),
    ("崔", 40), ("谭", 39), ("陆", 38), ("范", 37), ("汪", 37), ("廖", 36),
    ("石", 36), ("金", 35), ("韦", 35), ("贾", 34), ("夏", 33), ("付", 33),
    ("方", 32), ("邹", 31), ("熊", 31), ("白", 31), ("孟", 30), ("秦", 30),
    ("邱", 29), ("侯", 29), ("江", 29), ("尹", 28), ("薛", 28), ("闫", 28),
    ("段", 27), ("雷", 27), ("龙", 26), ("黎", 26), ("史", 25), ("陶", 25),
    ("贺", 25), ("毛", 24), ("郝", 24), ("顾", 23), ("龚", 23), ("邵", 22),
    ("万", 22), ("覃", 21), ("武", 21), ("钱", 21), ("戴", 21), ("严", 20),
    ("莫", 20), ("孔", 19), ("向", 19), ("常", 19), ("汤", 18), ("康", 18),
    ("易", 18), ("乔", 17), ("赖", 17), ("文", 17), ("施", 16), ("洪", 16),
    ("辛", 15), ("柯", 14), ("庄", 14), ("单", 12), ("欧阳", 6), ("司马", 1),
    ("上官", 1), ("诸葛", 1), ("慕容", 1),
];

/// Characters of given names, most common first (drawn with Zipf-like weights).
pub const GIVEN: &str = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红文辉建国鹏飞玲\
春海波宁斌浩凯婷雪琳晶丹亮成龙云峰林燕梅志鑫宇博俊帅佳欣怡子涵轩晨阳然雨婧璐颖慧倩莉琴蓉凤\
金荣东新永庆德清松立光锋兵毅健彬生福利学忠丰瑞振宏晓思嘉诗雅梓浩天泽睿";

/// Departments of a factory site: workshops (车间), teams (班组), offices (科室).
#[rustfmt::skip]
pub const WORKSHOPS: &[&str] = &[
    "一车间", "二车间", "三车间", "四车间", "机加工车间", "装配车间", "铸造车间", "锻造车间",
    "热处理车间", "冲压车间", "焊接车间", "涂装车间", "动力车间", "包装车间",
];
#[rustfmt::skip]
pub const TEAMS: &[&str] = &[
    "维修班", "电工班", "运输班组", "仓储班组", "质检班组", "叉车班组", "安装班组", "巡检班组",
    "化验班组", "锅炉班组",
];
#[rustfmt::skip]
pub const OFFICES: &[&str] = &[
    "安全环保科", "生产技术科", "设备科", "质量科", "财务科", "人力资源科", "行政办公室",
    "采购科", "销售科", "仓储物流科",
];

/// Built-in templates (`signdesk_agreement::builtin` ids and their titles) a site signs.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "ranqi-kefu-anquan-shengchan-mubiao",
        "年度安全生产目标责任书",
    ),
    (
        "kefu-anquan-shengchan-qingyuan-2012",
        "客服部安全生产责任书",
    ),
    ("kefu-anquan-mubiao-2018", "客服部安全目标责任书"),
    (
        "kefu-yingye-gangwei-anquan-jixiao-2023",
        "客服营业人员岗位安全绩效责任书",
    ),
    ("kehu-fuwu-yuangong-anquan", "客户服务公司员工安全责任书"),
    ("gongshui-mubiao", "供水公司目标责任书"),
];

/// The 50 sites' cities (a site is `<city>分公司`).
#[rustfmt::skip]
pub const CITIES: &[&str] = &[
    "上海", "苏州", "无锡", "常州", "南京", "杭州", "宁波", "温州", "合肥", "芜湖", "济南",
    "青岛", "烟台", "郑州", "洛阳", "武汉", "宜昌", "长沙", "株洲", "南昌", "福州", "厦门",
    "广州", "佛山", "东莞", "深圳", "南宁", "柳州", "成都", "绵阳", "重庆", "贵阳", "昆明",
    "西安", "宝鸡", "兰州", "太原", "石家庄", "唐山", "天津", "北京", "沈阳", "大连", "长春",
    "哈尔滨", "呼和浩特", "银川", "西宁", "乌鲁木齐", "海口",
];

pub const VOID_REASONS: &[&str] = &["签错人", "信息填写有误，重新签订", "岗位调整，作废重签"];

/// A name generator: surnames by their share, one or two given characters.
pub struct Names {
    surnames: Weighted,
    given: Vec<char>,
    given_w: Weighted,
}

impl Names {
    pub fn new() -> Self {
        let mut given: Vec<char> = Vec::new();
        for c in GIVEN.chars() {
            if !given.contains(&c) {
                given.push(c);
            }
        }
        let given_w = Weighted::new((0..given.len()).map(|i| 10_000 / (i as u64 + 8)));
        Names {
            surnames: Weighted::new(SURNAMES.iter().map(|(_, w)| *w)),
            given,
            given_w,
        }
    }

    pub fn name(&self, rng: &mut Rng) -> String {
        let mut n = SURNAMES[self.surnames.sample(rng)].0.to_string();
        n.push(self.given[self.given_w.sample(rng)]);
        // About a quarter of names have a single given character (张伟).
        if !rng.chance(0.27) {
            n.push(self.given[self.given_w.sample(rng)]);
        }
        n
    }
}
