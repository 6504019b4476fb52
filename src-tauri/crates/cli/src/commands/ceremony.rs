//! `signdesk-cli ceremony …` and `kiosk …`: follow a ceremony's progress from a script,
//! renew or close it, and see or leave kiosk mode (the PIN is still required).

use clap::Subcommand;
use signdesk_core::{CoreError, Desk};

use crate::output;

#[derive(Subcommand)]
pub enum CeremonyCommand {
    /// 列出签约仪式及进度 / list ceremonies with their progress
    List,
    /// 查看一场签约仪式：名单与每人状态 / one ceremony: its roster and everyone's status
    Show {
        /// 仪式 id / ceremony id
        id: i64,
    },
    /// 续签：以本场为基础创建下一年度的仪式 / renewal: next year's ceremony from this one
    Renew {
        id: i64,
        /// 年度（默认下一年）/ year (default: the next one)
        #[arg(long)]
        year: Option<i32>,
    },
    /// 结束一场签约仪式 / close a ceremony
    Close { id: i64 },
}

#[derive(Subcommand)]
pub enum KioskCommand {
    /// 是否处于签约锁定模式 / whether the desk is locked to a ceremony
    Status,
    /// 用组织者 PIN 退出签约锁定模式 / leave kiosk mode with the organiser's PIN
    Exit {
        #[arg(long)]
        pin: String,
    },
}

pub fn run(desk: &mut Desk, cmd: &CeremonyCommand, json: bool) -> Result<(), CoreError> {
    match cmd {
        CeremonyCommand::List => {
            let list = desk.ceremonies()?;
            if json {
                return output::json(&list);
            }
            for c in &list {
                println!(
                    "{}\t{}\t已签 {}/{}\t待会签 {}\t缺席 {}{}",
                    c.id,
                    c.title,
                    c.signed,
                    c.people,
                    c.awaiting,
                    c.absent,
                    if c.closed { "\t已结束" } else { "" }
                );
            }
            Ok(())
        }
        CeremonyCommand::Show { id } => {
            let d = desk.ceremony(*id)?;
            if json {
                return output::json(&d);
            }
            println!(
                "{}（{} 年度）已签 {}/{}",
                d.summary.title, d.summary.year, d.summary.signed, d.summary.people
            );
            if let Some(why) = &d.not_ready {
                println!("尚不能开始：{why}");
            }
            for p in &d.roster {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    p.name,
                    p.employee_no.as_deref().unwrap_or("-"),
                    p.department,
                    p.status,
                    p.agreement_number.as_deref().unwrap_or("")
                );
            }
            Ok(())
        }
        CeremonyCommand::Renew { id, year } => {
            let c = desk.ceremony_renew(*id, *year)?;
            if json {
                return output::json(&c);
            }
            println!("已创建 {}（id {}，{} 人）", c.title, c.id, c.people);
            Ok(())
        }
        CeremonyCommand::Close { id } => {
            desk.ceremony_close(*id)?;
            let d = desk.ceremony(*id)?;
            if json {
                return output::json(&d.summary);
            }
            println!("{} 已结束", d.summary.title);
            Ok(())
        }
    }
}

pub fn kiosk(desk: &mut Desk, cmd: &KioskCommand, json: bool) -> Result<(), CoreError> {
    match cmd {
        KioskCommand::Status => {
            let s = desk.kiosk_state()?;
            if json {
                return output::json(&s);
            }
            match s {
                Some(s) => println!("签约锁定中：{}（仪式 {}）", s.title, s.ceremony_id),
                None => println!("未锁定"),
            }
            Ok(())
        }
        KioskCommand::Exit { pin } => {
            desk.kiosk_exit(pin)?;
            if json {
                return output::json(&serde_json::json!({ "locked": false }));
            }
            println!("已退出签约锁定模式");
            Ok(())
        }
    }
}
