//! The report: who published it, for which year, in which edition, and what it says.

use serde::{Deserialize, Serialize};

use crate::table2::Table2;
use crate::table3::Table3;
use crate::table4::Table4;
use crate::value::Date;

/// One annual report (政府信息公开工作年度报告) of one body for one year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The publishing body.
    pub body: Body,
    /// The year reported on (统计年度).
    pub year: i32,
    /// The edition of the national format the tables follow.
    pub edition: Edition,
    /// The title as printed, if it is given.
    pub title: Option<String>,
    /// The document number (文号), such as `温泉街办〔2021〕1号`.
    pub document_number: Option<String>,
    /// Who signed the report and when.
    pub signed: Option<Signing>,
    /// The statistics period; the calendar year when absent.
    pub period: Option<Period>,
    /// Where the report is published and how to reach the body.
    pub contact: Option<Contact>,
    /// The prose: preamble and sections 一, 五 and 六, as Markdown.
    pub text: Text,
    /// Table 2: proactive disclosure (主动公开政府信息情况).
    pub table2: Table2,
    /// Table 3: requests received and handled (收到和处理政府信息公开申请情况).
    pub table3: Table3,
    /// Table 4: administrative review and litigation (行政复议、行政诉讼情况).
    pub table4: Table4,
}

impl Report {
    /// The title as printed, or the template's title built from the body and year.
    pub fn display_title(&self) -> String {
        self.title.clone().unwrap_or_else(|| {
            format!(
                "{}{}年政府信息公开工作年度报告",
                self.body.display_name(),
                self.year
            )
        })
    }

    /// The statistics period, defaulting to the calendar year.
    pub fn statistics_period(&self) -> Option<Period> {
        self.period.or_else(|| {
            Some(Period {
                start: Date::new(self.year, 1, 1)?,
                end: Date::new(self.year, 12, 31)?,
            })
        })
    }
}

/// The body that publishes a report.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Full official name, such as `福州市鼓楼区人民政府温泉街道办事处`.
    pub name: String,
    /// Short name used in titles and lists, such as `温泉街道`.
    #[serde(default)]
    pub short_name: Option<String>,
    /// Kind of body.
    pub level: Level,
    /// Region path from the province down: `[福建省, 福州市, 鼓楼区]`.
    pub region: Vec<String>,
}

impl Body {
    /// The short name if there is one, else the full name.
    pub fn display_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// A key that identifies the body across years: its region path and full name.
    pub fn key(&self) -> String {
        let mut key = self.region.join("/");
        key.push('/');
        key.push_str(&self.name);
        key
    }
}

/// The kind of body publishing a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A people's government itself (本级政府).
    Government,
    /// A department of a government (政府部门).
    Department,
    /// A township or sub-district (乡镇、街道).
    Township,
    /// A management committee (管委会).
    Committee,
}

impl Level {
    /// Every level, in the order of [`Level::key`]'s documentation.
    pub const ALL: [Level; 4] = [
        Level::Government,
        Level::Department,
        Level::Township,
        Level::Committee,
    ];

    /// The level as written in YAML: `government`, `department`, `township`, `committee`.
    pub fn key(self) -> &'static str {
        match self {
            Level::Government => "government",
            Level::Department => "department",
            Level::Township => "township",
            Level::Committee => "committee",
        }
    }

    /// The level in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            Level::Government => "政府",
            Level::Department => "部门",
            Level::Township => "乡镇（街道）",
            Level::Committee => "管委会",
        }
    }
}

/// The edition of the national report format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Edition {
    /// 国办公开办函〔2019〕60号, for the 2019 and 2020 reports.
    #[serde(rename = "2019")]
    E2019,
    /// 国办公开办函〔2021〕30号, from the 2021 reports on.
    #[serde(rename = "2021")]
    E2021,
}

impl Edition {
    /// Parses the edition as written in YAML: `2019` or `2021`.
    pub fn from_text(text: &str) -> Option<Edition> {
        match text.trim().trim_matches(['"', '\'']) {
            "2019" => Some(Edition::E2019),
            "2021" => Some(Edition::E2021),
            _ => None,
        }
    }

    /// The edition's year as a number.
    pub fn year(self) -> i32 {
        match self {
            Edition::E2019 => 2019,
            Edition::E2021 => 2021,
        }
    }

    /// The edition to use for reports on `year`.
    pub fn for_year(year: i32) -> Edition {
        if year >= 2021 {
            Edition::E2021
        } else {
            Edition::E2019
        }
    }

    /// The notice that defines the edition.
    pub fn notice(self) -> &'static str {
        match self {
            Edition::E2019 => "国办公开办函〔2019〕60号",
            Edition::E2021 => "国办公开办函〔2021〕30号",
        }
    }
}

/// Signature block after section 六.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signing {
    /// The signing body as printed.
    pub by: String,
    /// The date of signing.
    pub date: Date,
}

/// The statistics period (统计时限).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

/// Contact details and places of publication, as given in the preamble.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// Postcode (邮编).
    #[serde(default)]
    pub postcode: Option<String>,
    /// Telephone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Fax.
    #[serde(default)]
    pub fax: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Where the report is published, such as `福州市鼓楼区人民政府门户网站`.
    #[serde(default)]
    pub published_at: Option<String>,
    /// The portal's address.
    #[serde(default)]
    pub url: Option<String>,
    /// Where the report is also filed, such as `鼓楼区档案馆`.
    #[serde(default)]
    pub filed_with: Option<String>,
}

/// The report's prose, as Markdown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    /// Before section 一: legal basis, period, publication, contact.
    pub preamble: String,
    /// 一、总体情况, with its sub-heads.
    pub overview: String,
    /// 五、存在的主要问题及改进情况.
    pub problems: String,
    /// 六、其他需要报告的事项.
    pub other_matters: String,
    /// Section headings as printed where they differ from the template.
    pub headings: Headings,
    /// Parts beyond the six of the template, in order.
    pub extra_sections: Vec<ExtraSection>,
}

impl Text {
    /// The prose fields with their YAML keys, in reading order (extra sections excluded).
    pub fn fields(&self) -> [(&'static str, &str); 4] {
        [
            ("preamble", &self.preamble),
            ("overview", &self.overview),
            ("problems", &self.problems),
            ("other_matters", &self.other_matters),
        ]
    }
}

/// The six section headings; each `None` means the template's heading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Headings {
    /// 一、总体情况.
    #[serde(default)]
    pub overview: Option<String>,
    /// 二、主动公开政府信息情况.
    #[serde(default)]
    pub proactive: Option<String>,
    /// 三、收到和处理政府信息公开申请情况.
    #[serde(default)]
    pub requests: Option<String>,
    /// 四、政府信息公开行政复议、行政诉讼情况.
    #[serde(default)]
    pub review: Option<String>,
    /// 五、存在的主要问题及改进情况.
    #[serde(default)]
    pub problems: Option<String>,
    /// 六、其他需要报告的事项.
    #[serde(default)]
    pub other_matters: Option<String>,
}

/// The template's six section headings, in order, with the keys of [`Headings`].
pub const SECTION_HEADINGS: [(&str, &str); 6] = [
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"),
    ("review", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
];

/// A part of the report beyond the template's six.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraSection {
    /// Heading as printed.
    pub heading: String,
    /// Body as Markdown.
    pub body: String,
}
