//! `entrust`: the ENTRUST Network server. Thin: parse the command line and hand over.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    server::cli::main().await
}
