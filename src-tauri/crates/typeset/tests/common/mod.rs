//! A realistic agreement (text from the seed agreements: 客服部安全职责 and
//! 客服部安全生产责任书) with two handwritten signatures and a seal, shared by the
//! integration tests and the benchmark example.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{FixedOffset, NaiveDate, TimeZone};
use signdesk_typeset::{Block, Document, Meta, RecordSigner, SignatureLine, SigningRecord};

/// A rare name: 𠀀 (U+20000, Ext B) and 䶮 (U+4DAE, Ext A).
pub const RARE_NAME: &str = "王𠀀䶮";

fn clause(number: &str, level: u8, text: &str) -> Block {
    Block::Clause {
        number: number.into(),
        level,
        text: text.into(),
    }
}

fn heading(number: &str, text: &str) -> Block {
    Block::Heading {
        number: number.into(),
        text: text.into(),
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph { text: text.into() }
}

/// A transparent PNG of a pen stroke, drawn with the `image` crate.
pub fn signature_png(seed: u32, w: u32, h: u32) -> Vec<u8> {
    stroke_png(seed as f32, 0.0, w, h)
}

/// The `i`-th signer's own signature for [`signed_by`]: a stroke like the sample's
/// (same size and amount of ink), drawn differently for each `i`.
pub fn signer_signature_png(i: usize) -> Vec<u8> {
    stroke_png(1.0 + (i % 3) as f32, i as f32 * 0.37, 480, 160)
}

fn stroke_png(f: f32, phase: f32, w: u32, h: u32) -> Vec<u8> {
    let mut img = image::RgbaImage::from_pixel(w, h, image::Rgba([0, 0, 0, 0]));
    for i in 0..(w * 4) {
        let t = i as f32 / (w * 4) as f32;
        let x = t * (w - 1) as f32;
        let y = h as f32 / 2.0
            + (t * std::f32::consts::TAU * (2.0 + f) + phase).sin() * h as f32 * 0.3
            + (t * 25.0 + f).cos() * h as f32 * 0.08;
        for dx in -2i32..=2 {
            for dy in -2i32..=2 {
                let (px, py) = (x as i32 + dx, y as i32 + dy);
                if px >= 0 && py >= 0 && (px as u32) < w && (py as u32) < h {
                    let a = 255 - ((dx * dx + dy * dy) * 30).min(255) as u8;
                    let p = img.get_pixel_mut(px as u32, py as u32);
                    if a > p[3] {
                        *p = image::Rgba([20, 30, 90, a]);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A red round seal (ring + star) on a transparent background.
pub fn seal_png(size: u32) -> Vec<u8> {
    let mut img = image::RgbaImage::from_pixel(size, size, image::Rgba([0, 0, 0, 0]));
    let c = size as f32 / 2.0;
    for y in 0..size {
        for x in 0..size {
            let (dx, dy) = (x as f32 - c, y as f32 - c);
            let r = (dx * dx + dy * dy).sqrt();
            let ring = r < c - 2.0 && r > c * 0.86;
            let ang = dy.atan2(dx);
            let star_r = c * 0.28 * (1.0 + 0.6 * (5.0 * ang).cos().abs());
            if ring || r < star_r * 0.5 {
                img.put_pixel(x, y, image::Rgba([210, 30, 30, 200]));
            }
        }
    }
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

pub fn sample_document() -> Document {
    let blocks = vec![
        para("为了贯彻“安全第一，预防为主，综合治理”的方针，落实安全生产责任制，结合公司的实际情况，经研究决定，与客服部签订本安全目标责任书如下："),
        heading("一、", "客服部经理安全职责"),
        clause("（一）", 1, "目标任务："),
        clause("1、", 2, "部门经理为本部门安全工作目标的第一责任人，对部门安全生产工作全面负责。"),
        clause("2、", 2, "建立健全部门安全保障体系、各项安全管理规章制度及安全标准，落实全员安全责任，强化安全监管措施，完善安全管理，确保部门全年不出现重大安全生产责任事故。"),
        clause("（二）", 1, "主要措施："),
        clause("1、", 2, "认真贯彻执行安全生产法律法规、要求和文件精神，制定部门相应的管理制度、规定。"),
        clause("2、", 2, "坚持“安全第一预防为主”的安全生产工作方针，在计划、布置、检查、总结、评比各项工作的同时，首先考虑安全工作：全面落实安全生产责任制，严格管理，切实做到安全生产，人人有责。"),
        clause("3、", 2, "在用户立户、办卡（IC卡）充值、变更、缴费、改管、移表、咨询等业务工作时，要明确告知用户燃气安全使用注意事项，确保用户用气安全。"),
        clause("4、", 2, "督促员工做好入户安检工作，发现安全隐患立即落实整改并做好记录，形成闭环管理。"),
        clause("5、", 2, "对安全措施加强监督检查，对安全防范措施落实不到位，违章冒险作业的坚决制止，确保不出安全事故。做好节假日期间营业厅的安全保卫工作，确保消除消防、治安安全隐患。"),
        clause("6、", 2, "落实防火责任制，做好日常防火工作，确保部门全年重大火灾责任事故为零。做好消防器材和装置的定期校验，对损坏、失效的消防器材和装置及时更换，为安全生产提供必要的保障。"),
        clause("7、", 2, "组织燃气知识安全宣传和教育、安全使用培训活动，切实提高用户安全防范意识。"),
        clause("8、", 2, "做好用户档案管理工作，不得将用户资料外泄或倒卖。"),
        clause("9、", 2, "组织或参与公司、部门的应急救援演练，提高应急反应处置能力。在部门遇到紧急突发事故时，要立即赶到现场，担负现场抢险临时指挥，采取妥善措施紧急抢险，把损失降低到最低程度，同时立即向抢险指挥部负责人请示汇报。"),
        clause("10、", 2, "负责部门内及跨部门的安全信息传递与安全工作协调。"),
        heading("二、", "责任目标"),
        clause("1.", 1, "确保实现本年度无事故发生，直接经济损失零增长；安全生产管理制度健全，基础工作扎实，机构和人员配备符合法定要求。"),
        clause("2.", 1, "全年员工安全培训覆盖率达到100%，新员工岗前安全教育合格率100%，特种作业人员持证上岗率100%。"),
        heading("三、", "考核与奖惩"),
        para("业务工作目标考核：由总部领导根据部门履行职责情况和目标完成情况，对其分管的部门确定考核等次。考核等次按突出、好、较好、一般、差五个等次设置，对应系数分别为1、0.9、0.8、0.7、0.6。等次乘以对应的系数再乘以分配的分值，即为业务工作目标考核得分。"),
        para("对全面完成安全目标的，给予200元至2000元奖励；发生安全责任事故的，视情节轻重扣除一季度奖金，直至解除劳动合同。"),
        heading("四、", "其他"),
        para("本责任书一式两份，公司与责任人各执一份，自双方签字之日起生效，有效期至2027年12月31日。本责任书每年签订一次。"),
    ];
    let date = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    let tz = FixedOffset::east_opt(8 * 3600).unwrap();
    Document {
        number: "SD-2027-000123".into(),
        title: "客服部安全目标责任书".into(),
        blocks,
        signatures: vec![
            SignatureLine {
                label: "员工签名".into(),
                name: Some(RARE_NAME.into()),
                signature_png: Some(signature_png(1, 480, 160)),
                seal_png: None,
                date: Some(date),
            },
            SignatureLine {
                label: "负责人（签字）".into(),
                name: Some("李堃".into()),
                signature_png: Some(signature_png(2, 420, 150)),
                seal_png: None,
                date: Some(date),
            },
            SignatureLine {
                label: "公司（盖章）".into(),
                name: None,
                signature_png: None,
                seal_png: Some(seal_png(240)),
                date: Some(date),
            },
        ],
        record: Some(SigningRecord {
            template: "客服部安全目标责任书".into(),
            template_version: 3,
            ceremony_by: "赵𡈼（安全主管）".into(),
            device: "KF-LAPTOP-02（Windows 11，签字板 Wacom STU-540）".into(),
            content_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            signers: vec![
                RecordSigner {
                    name: RARE_NAME.into(),
                    role: "员工".into(),
                    employee_no: Some("KF-0042".into()),
                    signed_at: "2027-01-15 09:30:12 +08:00".into(),
                },
                RecordSigner {
                    name: "李堃".into(),
                    role: "部门负责人".into(),
                    employee_no: None,
                    signed_at: "2027-01-15 09:41:55 +08:00".into(),
                },
            ],
            capture_statement: "签名由签署人本人在签署现场的设备上以手写方式录入；签署前签署人已完整阅读本责任书全文并确认“我已阅读并理解上述内容”。签名图像与笔迹原始数据一并存档，本记录页与责任书正文的内容摘要（SHA-256）共同用于核验文件自签署后未被修改。".into(),
            chain: Some(signdesk_base::ChainPosition {
                entries: 41,
                hash: "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12".into(),
            }),
        }),
        meta: Meta {
            title: "客服部安全目标责任书".into(),
            author: "签约台 SignDesk".into(),
            subject: "2027 年度安全目标责任书 · 王𠀀䶮".into(),
            keywords: vec!["安全目标责任书".into(), "2027".into(), "客服部".into()],
            created: tz.with_ymd_and_hms(2027, 1, 15, 9, 41, 55).unwrap(),
            modified: None,
        },
    }
}

/// The `i`-th name of a made-up roster: a common surname and one or two given-name
/// characters, as the documents of one signing ceremony differ.
pub fn roster_name(i: usize) -> String {
    const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤";
    const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞建国文辉力斌宇浩凯波宁林晨琳雪梅兰凤洁琴云莲真环雅芝倩婷淑惠珠翠欣瑶怡";
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    let mut name = String::new();
    name.push(s[i % s.len()]);
    name.push(g[(i * 7) % g.len()]);
    if !i.is_multiple_of(3) {
        name.push(g[(i * 13 + 5) % g.len()]);
    }
    name
}

/// The sample agreement as signed by `name` with `signature` (signature line, record,
/// subject); the countersignature and the seal stay the sample's, as when the
/// organisation's signer adopts one signature for the whole ceremony.
pub fn signed_by(doc: &Document, name: &str, signature: Vec<u8>) -> Document {
    let mut d = doc.clone();
    d.signatures[0].name = Some(name.into());
    d.signatures[0].signature_png = Some(signature);
    if let Some(r) = d.record.as_mut() {
        r.signers[0].name = name.into();
    }
    d.meta.subject = format!("2027 年度安全目标责任书 · {name}");
    d
}
