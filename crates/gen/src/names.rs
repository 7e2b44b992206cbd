//! Districts and bodies: who publishes the generated reports, and for which years.

use std::collections::HashSet;

use ogi_model::Level;

use crate::rng::Rng;

/// A district (区) the archive may cover, with what its bodies' contact details need.
#[derive(Debug)]
pub(crate) struct District {
    pub(crate) province: &'static str,
    pub(crate) province_slug: &'static str,
    pub(crate) city: &'static str,
    pub(crate) city_slug: &'static str,
    /// Name, such as `鼓楼区`.
    pub(crate) name: &'static str,
    /// Name without `区`, such as `鼓楼`.
    pub(crate) short: &'static str,
    pub(crate) slug: &'static str,
    /// One-character abbreviation used in document numbers, such as `鼓`.
    pub(crate) abbr: &'static str,
    pub(crate) postcode: u32,
    pub(crate) area_code: &'static str,
    /// First digit of local phone numbers.
    pub(crate) phone_lead: &'static str,
    /// Digits of a local phone number.
    pub(crate) phone_digits: usize,
}

const fn d(
    city: (&'static str, &'static str),
    name: &'static str,
    short: &'static str,
    slug: &'static str,
    abbr: &'static str,
    postcode: u32,
    phone: (&'static str, &'static str, usize),
) -> District {
    District {
        province: "福建省",
        province_slug: "fujian",
        city: city.0,
        city_slug: city.1,
        name,
        short,
        slug,
        abbr,
        postcode,
        area_code: phone.0,
        phone_lead: phone.1,
        phone_digits: phone.2,
    }
}

const FZ: (&str, &str) = ("福州市", "fuzhou");
const XM: (&str, &str) = ("厦门市", "xiamen");
const FZ_TEL: (&str, &str, usize) = ("0591", "8", 8);
const XM_TEL: (&str, &str, usize) = ("0592", "5", 7);

/// Every district a generated archive may cover: six of 福州市, then six of 厦门市.
pub(crate) static DISTRICTS: [District; 12] = [
    d(FZ, "鼓楼区", "鼓楼", "gulou", "鼓", 350001, FZ_TEL),
    d(FZ, "台江区", "台江", "taijiang", "台", 350004, FZ_TEL),
    d(FZ, "仓山区", "仓山", "cangshan", "仓", 350007, FZ_TEL),
    d(FZ, "晋安区", "晋安", "jinan", "晋", 350011, FZ_TEL),
    d(FZ, "马尾区", "马尾", "mawei", "马", 350015, FZ_TEL),
    d(FZ, "长乐区", "长乐", "changle", "长", 350200, FZ_TEL),
    d(XM, "思明区", "思明", "siming", "思", 361001, XM_TEL),
    d(XM, "湖里区", "湖里", "huli", "湖", 361006, XM_TEL),
    d(XM, "集美区", "集美", "jimei", "集", 361021, XM_TEL),
    d(XM, "海沧区", "海沧", "haicang", "海", 361026, XM_TEL),
    d(XM, "同安区", "同安", "tongan", "同", 361100, XM_TEL),
    d(XM, "翔安区", "翔安", "xiangan", "翔", 361101, XM_TEL),
];

impl District {
    /// The region path of the district's bodies.
    pub(crate) fn region(&self) -> [&'static str; 3] {
        [self.province, self.city, self.name]
    }

    /// The folder of the district's bodies, such as `fujian/fuzhou/gulou`.
    pub(crate) fn folder(&self) -> String {
        format!("{}/{}/{}", self.province_slug, self.city_slug, self.slug)
    }

    /// The district government's portal.
    pub(crate) fn portal(&self) -> String {
        format!("{}{}人民政府门户网站", self.city, self.name)
    }

    /// The portal's address.
    pub(crate) fn url(&self) -> String {
        format!("http://www.{}.gov.cn", self.slug)
    }
}

/// First characters of place names, with pinyin.
pub(crate) const PLACE_1: [(&str, &str); 40] = [
    ("东", "dong"),
    ("西", "xi"),
    ("南", "nan"),
    ("北", "bei"),
    ("新", "xin"),
    ("金", "jin"),
    ("华", "hua"),
    ("安", "an"),
    ("福", "fu"),
    ("龙", "long"),
    ("凤", "feng"),
    ("湖", "hu"),
    ("江", "jiang"),
    ("泉", "quan"),
    ("温", "wen"),
    ("洪", "hong"),
    ("茶", "cha"),
    ("乐", "le"),
    ("宁", "ning"),
    ("瑞", "rui"),
    ("兴", "xing"),
    ("盛", "sheng"),
    ("莲", "lian"),
    ("桂", "gui"),
    ("梅", "mei"),
    ("松", "song"),
    ("云", "yun"),
    ("清", "qing"),
    ("平", "ping"),
    ("和", "he"),
    ("永", "yong"),
    ("文", "wen"),
    ("义", "yi"),
    ("仁", "ren"),
    ("德", "de"),
    ("嘉", "jia"),
    ("鹤", "he"),
    ("樟", "zhang"),
    ("榕", "rong"),
    ("竹", "zhu"),
];

/// Second characters of place names, with pinyin.
pub(crate) const PLACE_2: [(&str, &str); 24] = [
    ("峰", "feng"),
    ("岭", "ling"),
    ("口", "kou"),
    ("坪", "ping"),
    ("洋", "yang"),
    ("塘", "tang"),
    ("溪", "xi"),
    ("埔", "pu"),
    ("亭", "ting"),
    ("园", "yuan"),
    ("林", "lin"),
    ("湾", "wan"),
    ("阳", "yang"),
    ("城", "cheng"),
    ("港", "gang"),
    ("田", "tian"),
    ("桥", "qiao"),
    ("洲", "zhou"),
    ("屿", "yu"),
    ("山", "shan"),
    ("浦", "pu"),
    ("坂", "ban"),
    ("厝", "cuo"),
    ("尾", "wei"),
];

/// A department: full-name pattern, slug, document-number abbreviation, how it calls itself.
/// In patterns `{C}` is the city, `{D}` the district and `{d}` the district without 区.
struct Department {
    name: &'static str,
    slug: &'static str,
    abbr: &'static str,
    subject: &'static str,
}

const fn dept(
    name: &'static str,
    slug: &'static str,
    abbr: &'static str,
    subject: &'static str,
) -> Department {
    Department {
        name,
        slug,
        abbr,
        subject,
    }
}

const DEPARTMENTS: [Department; 36] = [
    dept("{C}{D}人民政府办公室", "zfb", "政办", "我办"),
    dept("{C}{D}发展和改革局", "fgj", "发改", "我局"),
    dept("{C}{D}教育局", "jyj", "教", "我局"),
    dept("{C}{D}科学技术局", "kjj", "科", "我局"),
    dept("{C}{D}工业和信息化局", "gxj", "工信", "我局"),
    dept("{C}公安局{d}分局", "gafj", "公", "我分局"),
    dept("{C}{D}民政局", "mzj", "民", "我局"),
    dept("{C}{D}司法局", "sfj", "司", "我局"),
    dept("{C}{D}财政局", "czj", "财", "我局"),
    dept("{C}{D}人力资源和社会保障局", "rsj", "人社", "我局"),
    dept("{C}自然资源和规划局{d}分局", "zrzyfj", "自然资源", "我分局"),
    dept("{C}{d}生态环境局", "sthjj", "环", "我局"),
    dept("{C}{D}住房和城乡建设局", "zjj", "建", "我局"),
    dept("{C}{D}交通运输局", "jtj", "交", "我局"),
    dept("{C}{D}农业农村局", "nyncj", "农", "我局"),
    dept("{C}{D}水利局", "slj", "水", "我局"),
    dept("{C}{D}商务局", "swj", "商", "我局"),
    dept("{C}{D}文化体育和旅游局", "wtlj", "文旅", "我局"),
    dept("{C}{D}卫生健康局", "wjj", "卫健", "我局"),
    dept("{C}{D}退役军人事务局", "tyjrj", "退役", "我局"),
    dept("{C}{D}应急管理局", "yjglj", "应急", "我局"),
    dept("{C}{D}审计局", "sjj", "审", "我局"),
    dept("{C}{D}市场监督管理局", "scjgj", "市监", "我局"),
    dept("{C}{D}统计局", "tjj", "统", "我局"),
    dept("{C}{D}医疗保障局", "ybj", "医保", "我局"),
    dept("{C}{D}城市管理局", "cgj", "城管", "我局"),
    dept("{C}{D}信访局", "xfj", "信访", "我局"),
    dept("{C}{D}林业局", "lyj", "林", "我局"),
    dept("{C}{D}档案馆", "dag", "档", "我馆"),
    dept("{C}{D}机关事务服务中心", "jgswzx", "机关事务", "我中心"),
    dept("{C}{D}投资促进局", "tcj", "投促", "我局"),
    dept("{C}{D}人民防空办公室", "rfb", "人防", "我办"),
    dept("{C}{D}行政服务中心管理委员会", "xfzx", "行服", "我委"),
    dept("{C}{D}民族与宗教事务局", "mzzjj", "民宗", "我局"),
    dept("{C}{D}国有资产服务中心", "gzzx", "国资", "我中心"),
    dept("{C}{D}数据管理局", "sjglj", "数据", "我局"),
];

/// A field office named after a place: pattern (`{P}` is the place), slug suffix, abbreviation.
const FIELD_OFFICES: [(&str, &str, &str); 6] = [
    ("{C}{D}市场监督管理局{P}市场监督管理所", "scjgs", "市监"),
    ("{C}公安局{d}分局{P}派出所", "pcs", "公"),
    ("{C}{D}司法局{P}司法所", "sfs", "司"),
    ("{C}{D}财政局{P}财政所", "czs", "财"),
    ("{C}{D}卫生健康局{P}社区卫生服务中心", "wsfwzx", "卫健"),
    ("{C}{D}城市管理局{P}执法中队", "zfzd", "城管"),
];

/// Management committees: pattern, slug, short-name pattern.
const COMMITTEES: [(&str, &str, &str); 6] = [
    (
        "{C}{D}高新技术产业园区管理委员会",
        "gaoxin",
        "{D}高新园区管委会",
    ),
    (
        "{C}{D}经济开发区管理委员会",
        "jingkai",
        "{d}经济开发区管委会",
    ),
    ("{C}{D}旅游度假区管理委员会", "lvyou", "{d}旅游度假区管委会"),
    ("{C}{D}{P}新城建设管理委员会", "xincheng", "{P}新城管委会"),
    ("{C}{D}{P}片区管理委员会", "pianqu", "{P}片区管委会"),
    ("{C}{D}{P}产业园管理委员会", "chanyeyuan", "{P}产业园管委会"),
];

/// A body that publishes reports, and the years it publishes.
#[derive(Debug)]
pub(crate) struct Body {
    /// Position in the archive, from 0; also its folder's number.
    pub(crate) index: usize,
    pub(crate) district: &'static District,
    pub(crate) level: Level,
    /// Full official name.
    pub(crate) name: String,
    /// Short name, such as `温泉街道` or `鼓楼区教育局`.
    pub(crate) short: String,
    /// The signing body as printed.
    pub(crate) signer: String,
    /// Folder name, such as `b0012-wenquan`.
    pub(crate) slug: String,
    /// Prefix of the document number, such as `温泉街办`.
    pub(crate) doc_abbr: String,
    /// How the prose names the body as subject, such as `街道` or `我局`.
    pub(crate) subject: String,
    /// Other ways the prose names the body, the subject among them.
    pub(crate) aliases: Vec<String>,
    /// A township-level body with villages (镇, 乡), for rural topics.
    pub(crate) rural: bool,
    /// How busy the body is: scales its figures (1 = a small office).
    pub(crate) scale: u64,
    /// The first year it reports on.
    pub(crate) first_year: i32,
    /// How many consecutive years it reports on.
    pub(crate) years: usize,
    /// Global index of its first report.
    pub(crate) first_report: usize,
}

/// The districts and bodies of one archive.
#[derive(Debug)]
pub(crate) struct Plan {
    /// The districts covered, in [`DISTRICTS`] order, with at least one report each.
    pub(crate) districts: Vec<&'static District>,
    pub(crate) bodies: Vec<Body>,
}

fn fill(pattern: &str, district: &District, place: &str) -> String {
    pattern
        .replace("{C}", district.city)
        .replace("{D}", district.name)
        .replace("{d}", district.short)
        .replace("{P}", place)
}

/// Names already given in one district, and a source of place names.
struct NameBook {
    used: HashSet<String>,
    departments: Vec<usize>,
}

impl NameBook {
    fn new(rng: &mut Rng) -> NameBook {
        let mut departments: Vec<usize> = (0..DEPARTMENTS.len()).collect();
        rng.shuffle(&mut departments);
        NameBook {
            used: HashSet::new(),
            departments,
        }
    }

    /// A place name and its pinyin such that `pattern` filled with it is a new name.
    fn place(&mut self, rng: &mut Rng, district: &District, pattern: &str) -> (String, String) {
        for attempt in 0.. {
            let (a, pa) = rng.pick(&PLACE_1);
            let (b, pb) = rng.pick(&PLACE_2);
            let (mut place, mut pinyin) = (format!("{a}{b}"), format!("{pa}{pb}"));
            if attempt > 40 {
                // Two-character names are nearly used up: add a third character.
                let (c, pc) = rng.pick(&PLACE_2);
                place.push_str(c);
                pinyin.push_str(pc);
            }
            if attempt > 200 {
                // Only for archives far beyond realistic sizes: number the place.
                place.push_str(&format!("{attempt}"));
                pinyin.push_str(&format!("{attempt}"));
            }
            if self.used.insert(fill(pattern, district, &place)) {
                return (place, pinyin);
            }
        }
        unreachable!("the numbered fallback always yields a new name")
    }
}

/// A new body of `level` in `district`, with a name not yet used there.
fn body(
    rng: &mut Rng,
    book: &mut NameBook,
    district: &'static District,
    level: Level,
    index: usize,
) -> Body {
    let c = district;
    let mut b = Body {
        index,
        district,
        level,
        name: String::new(),
        short: String::new(),
        signer: String::new(),
        slug: String::new(),
        doc_abbr: String::new(),
        subject: String::new(),
        aliases: Vec::new(),
        rural: false,
        scale: 1,
        first_year: 2019,
        years: 1,
        first_report: 0,
    };
    let slug;
    match level {
        Level::Government => {
            b.name = format!("{}{}人民政府", c.city, c.name);
            b.short = format!("{}人民政府", c.name);
            b.signer = format!("{}{}人民政府办公室", c.city, c.name);
            b.doc_abbr = format!("{}政办", c.abbr);
            b.subject = rng.word(&["区政府", "我区"]).to_owned();
            b.aliases = vec!["区政府".into(), "我区".into(), "区人民政府".into()];
            b.scale = rng.range(8, 14);
            book.used.insert(b.name.clone());
            slug = "zhengfu".to_owned();
        }
        Level::Department => {
            if let Some(i) = book.departments.pop() {
                let dep = &DEPARTMENTS[i];
                b.name = fill(dep.name, c, "");
                b.short = b.name.replacen(c.city, "", 1);
                if b.short.starts_with("公安局") || b.short.starts_with("自然资源") {
                    b.short = format!("{}{}", c.city.trim_end_matches('市'), b.short);
                }
                b.doc_abbr = format!("{}{}", c.abbr, dep.abbr);
                b.subject = dep.subject.to_owned();
                b.aliases = vec![dep.subject.to_owned(), b.short.clone()];
                book.used.insert(b.name.clone());
                b.scale = rng.range(2, 9);
                slug = dep.slug.to_owned();
            } else {
                let (pattern, suffix, abbr) = *rng.pick(&FIELD_OFFICES);
                let (place, pinyin) = book.place(rng, c, pattern);
                b.name = fill(pattern, c, &place);
                b.short = b.name.replacen(c.city, "", 1);
                b.doc_abbr = format!("{}{abbr}{place}", c.abbr);
                b.subject = if b.name.ends_with("中心") || b.name.ends_with("中队") {
                    "我单位".to_owned()
                } else {
                    "我所".to_owned()
                };
                b.aliases = vec![b.subject.clone(), b.short.clone()];
                // A field office is a small unit of its department.
                b.scale = rng.range(1, 3);
                slug = format!("{pinyin}-{suffix}");
            }
            b.signer = b.name.clone();
        }
        Level::Township => {
            let kind = rng.weighted(&[70, 24, 6]);
            let pattern = [
                "{C}{D}人民政府{P}街道办事处",
                "{C}{D}{P}镇人民政府",
                "{C}{D}{P}乡人民政府",
            ][kind];
            let (place, pinyin) = book.place(rng, c, pattern);
            b.name = fill(pattern, c, &place);
            match kind {
                0 => {
                    b.short = format!("{place}街道");
                    b.signer = format!("{}{place}街道办事处", c.name);
                    b.doc_abbr = format!("{place}街办");
                    b.subject = rng.word(&["街道", "街道办事处"]).to_owned();
                    b.aliases = vec!["街道".into(), "街道办事处".into(), "我街道".into()];
                    slug = pinyin;
                }
                1 => {
                    b.short = format!("{place}镇");
                    b.signer = format!("{}{place}镇人民政府", c.name);
                    b.doc_abbr = format!("{place}镇政");
                    b.subject = rng.word(&["我镇", "镇政府"]).to_owned();
                    b.aliases = vec!["我镇".into(), "镇政府".into(), b.short.clone()];
                    b.rural = true;
                    slug = format!("{pinyin}-zhen");
                }
                _ => {
                    b.short = format!("{place}乡");
                    b.signer = format!("{}{place}乡人民政府", c.name);
                    b.doc_abbr = format!("{place}乡政");
                    b.subject = rng.word(&["我乡", "乡政府"]).to_owned();
                    b.aliases = vec!["我乡".into(), "乡政府".into(), b.short.clone()];
                    b.rural = true;
                    slug = format!("{pinyin}-xiang");
                }
            }
            b.scale = rng.range(1, 3);
        }
        Level::Committee => {
            let mut choice = *rng.pick(&COMMITTEES);
            if !choice.0.contains("{P}") && !book.used.insert(fill(choice.0, c, "")) {
                // The district's one 高新园区 (or 经开区) exists already: make a 片区 instead.
                choice = COMMITTEES[4];
            }
            let (pattern, stem, short) = choice;
            let (place, pinyin) = if pattern.contains("{P}") {
                book.place(rng, c, pattern)
            } else {
                (String::new(), String::new())
            };
            b.name = fill(pattern, c, &place);
            b.short = fill(short, c, &place);
            b.signer = b.name.clone();
            b.doc_abbr = format!("{}管", b.short.trim_end_matches("管委会"));
            b.subject = "管委会".to_owned();
            b.aliases = vec!["管委会".into(), "我委".into()];
            b.scale = rng.range(2, 5);
            slug = if pinyin.is_empty() {
                format!("{stem}-gwh")
            } else {
                format!("{pinyin}-{stem}")
            };
        }
    }
    b.slug = format!("b{index:04}-{slug}");
    b
}

/// Lays out the archive: which districts, which bodies, and how many years each reports.
pub(crate) fn plan(reports: usize, seed: u64) -> Plan {
    let mut rng = Rng::derive(seed, u64::MAX);
    // Six to eight districts: three to five of 福州市 and the rest of 厦门市.
    let count = rng.range(6, 8) as usize;
    let fuzhou = rng.range(3, 5) as usize;
    let mut first: Vec<usize> = (0..6).collect();
    let mut second: Vec<usize> = (6..12).collect();
    rng.shuffle(&mut first);
    rng.shuffle(&mut second);
    let mut chosen: Vec<usize> = first[..fuzhou]
        .iter()
        .chain(&second[..count - fuzhou])
        .copied()
        .collect();
    chosen.sort_unstable();
    let districts: Vec<&'static District> = chosen.iter().map(|&i| &DISTRICTS[i]).collect();
    let weights: Vec<u32> = districts.iter().map(|_| rng.range(2, 5) as u32).collect();
    let mut books: Vec<NameBook> = districts.iter().map(|_| NameBook::new(&mut rng)).collect();

    let mut bodies = Vec::new();
    let mut assigned = 0;
    while assigned < reports {
        let index = bodies.len();
        // Every district starts with its government; later bodies go by the district weights.
        let (di, level) = if index < districts.len() {
            (index, Level::Government)
        } else {
            let level =
                [Level::Department, Level::Township, Level::Committee][rng.weighted(&[50, 40, 10])];
            (rng.weighted(&weights), level)
        };
        let mut b = body(&mut rng, &mut books[di], districts[di], level, index);
        let years = [6, 5, 4, 3, 2, 1][rng.weighted(&[35, 20, 15, 12, 10, 8])];
        let years = years.min(reports - assigned);
        b.years = years;
        b.first_year = 2019 + rng.below((6 - years + 1) as u64) as i32;
        b.first_report = assigned;
        assigned += years;
        bodies.push(b);
    }
    let used: Vec<&'static District> = districts
        .iter()
        .copied()
        .filter(|d| bodies.iter().any(|b| std::ptr::eq(b.district, *d)))
        .collect();
    Plan {
        districts: used,
        bodies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_per_district_and_years_add_up() {
        let plan = plan(5000, 3);
        assert!((6..=8).contains(&plan.districts.len()));
        let mut keys = HashSet::new();
        let mut slugs = HashSet::new();
        for b in &plan.bodies {
            assert!(
                keys.insert(format!("{}/{}", b.district.name, b.name)),
                "{}",
                b.name
            );
            assert!(slugs.insert(b.slug.clone()));
            assert!(b.first_year >= 2019 && b.first_year + b.years as i32 - 1 <= 2024);
        }
        assert_eq!(plan.bodies.iter().map(|b| b.years).sum::<usize>(), 5000);
        for level in [
            Level::Government,
            Level::Department,
            Level::Township,
            Level::Committee,
        ] {
            assert!(plan.bodies.iter().any(|b| b.level == level));
        }
        assert!(super::plan(0, 3).bodies.is_empty());
    }
}
