//! `signdesk-cli void ID --reason R`: adds a void record; the agreement is kept.

use clap::Args;
use signdesk_core::{CoreError, Desk};

use crate::output;

#[derive(Args, Debug)]
pub struct VoidArgs {
    /// 协议 id / agreement id
    pub id: i64,
    /// 作废原因（必填）/ reason (required)
    #[arg(long)]
    pub reason: String,
}

pub fn run(desk: &mut Desk, args: &VoidArgs, json: bool) -> Result<(), CoreError> {
    let r = desk.void_agreement(args.id, &args.reason)?;
    if json {
        return output::json(&r);
    }
    println!(
        "协议 {}（{}）已作废：{}",
        r.number,
        r.signer,
        args.reason.trim()
    );
    Ok(())
}
