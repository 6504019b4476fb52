//! `signdesk-cli people list`: everyone in the archive.

use clap::Subcommand;
use signdesk_core::{CoreError, Desk};

use crate::output;

#[derive(Subcommand)]
pub enum PeopleCommand {
    /// 列出档案库中的人员 / list the people in the archive
    List,
}

pub fn run(desk: &Desk, cmd: &PeopleCommand, json: bool) -> Result<(), CoreError> {
    let PeopleCommand::List = cmd;
    let list = desk.people()?;
    if json {
        return output::json(&list);
    }
    for p in &list {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            p.id,
            p.name,
            p.employee_no.as_deref().unwrap_or("-"),
            p.department,
            p.position
        );
    }
    println!("共 {} 人", list.len());
    Ok(())
}
