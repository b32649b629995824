//! The `polgen` command line: parses arguments and hands each command to its module.

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod discover;
mod exit;
mod explain;
mod iac;
mod lint;
mod output;
mod sources;
mod suggest;
mod usage_query;
mod vault;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        // clap quotes a bad argument back (`invalid value 'ghp_...'`): its message goes
        // through the masking like every other output.
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                output::stderr(&text);
            } else {
                let _ = output::stdout(&text);
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let code = match args.command {
        cli::Command::Lint(lint_args) => lint::run(&lint_args),
        cli::Command::Rules(rules_args) => explain::list_rules(&rules_args),
        cli::Command::Explain(explain_args) => explain::explain(&explain_args),
        cli::Command::Vault(cli::VaultCommand::Effective(effective_args)) => {
            vault::effective(&effective_args)
        }
        cli::Command::Suggest(suggest_args) => suggest::run(&suggest_args),
        cli::Command::UsageQuery(query_args) => usage_query::run(&query_args),
    };
    code.into()
}
