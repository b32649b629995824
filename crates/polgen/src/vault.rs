//! `polgen vault effective`: which block of which policy applies to a request path.

use crate::output::errln;
use polgen_source::SourceFile;
use polgen_vault::acl::Entry;
use polgen_vault::{Acl, VaultPolicy};

use crate::cli::EffectiveArgs;
use crate::discover::display_path;
use crate::exit::Exit;

/// A policy file that parsed.
struct Loaded {
    source: SourceFile,
    policy: VaultPolicy,
}

fn load(path: &std::path::Path) -> Result<Loaded, String> {
    let shown = display_path(path);
    let text = crate::lint::read_regular_text(path).map_err(|why| format!("{shown}: {why}"))?;
    let source = SourceFile::new(shown.clone(), text);
    let policy = polgen_vault::parse(source.text()).map_err(|e| {
        let at = source.line_col(e.span.start);
        format!(
            "{shown}:{at}: {} (Vault would refuse this policy)",
            e.message
        )
    })?;
    for block in &policy.paths {
        for cap in &block.capabilities {
            if !polgen_vault::model::is_known_capability(&cap.value) {
                let at = source.line_col(cap.span.start);
                errln!(
                    "warning: {shown}:{at}: unknown capability `{}` grants nothing (Vault would refuse this policy)",
                    cap.value
                );
            }
        }
    }
    for problem in &policy.shape_errors {
        let at = source.line_col(problem.span.start);
        errln!(
            "warning: {shown}:{at}: {} (Vault would refuse this policy)",
            problem.message
        );
    }
    Ok(Loaded { source, policy })
}

pub fn effective(args: &EffectiveArgs) -> Exit {
    let mut loaded = Vec::new();
    let mut failed = false;
    for path in &args.policies {
        match load(path) {
            Ok(l) => loaded.push(l),
            Err(message) => {
                errln!("error: {message}");
                failed = true;
            }
        }
    }
    if failed {
        errln!("error: cannot decide without every policy of the token");
        return Exit::Error;
    }
    let acl = Acl::new(loaded.iter().map(|l| &l.policy));
    let mut out = String::new();
    let mut json = Vec::new();
    for request in &args.paths {
        let decision = acl.decide(request);
        if args.json {
            json.push(serde_json::json!({
                "request": decision.request,
                "capabilities": decision.capabilities,
                "applied": decision.applied.map(|e| entry_json(e, &loaded)),
                "trimmed_trailing_slash": decision.trimmed_slash,
                "overridden": decision.overridden.iter().map(|e| entry_json(e, &loaded)).collect::<Vec<_>>(),
            }));
            continue;
        }
        out.push_str(&format!("{}\n", decision.request));
        out.push_str(&format!(
            "  capabilities: {}\n",
            decision.capabilities.join(", ")
        ));
        match decision.applied {
            None => out.push_str("  no path block matches: Vault denies by default\n"),
            Some(entry) => {
                let how = if entry.pattern.is_exact() {
                    "exact match"
                } else {
                    "most specific match"
                };
                let slash = if decision.trimmed_slash {
                    ", after dropping the trailing `/` as for a list request"
                } else {
                    ""
                };
                out.push_str(&format!(
                    "  applies: path \"{}\" ({how}{slash})\n",
                    entry.pattern.normalized
                ));
                push_sources(&mut out, entry, &loaded, "    ");
                if entry.sources.len() > 1 {
                    out.push_str(if entry.denies() {
                        "    these blocks merge; `deny` in any of them wins\n"
                    } else {
                        "    these blocks merge: their capabilities add up\n"
                    });
                }
            }
        }
        if !decision.overridden.is_empty() {
            out.push_str(
                "  also match, but lose to the block above (Vault applies one path per request):\n",
            );
            for entry in &decision.overridden {
                out.push_str(&format!(
                    "    path \"{}\" ({})\n",
                    entry.pattern.normalized,
                    entry.capabilities.join(", ")
                ));
                push_sources(&mut out, entry, &loaded, "      ");
            }
        }
    }
    if args.json {
        out = serde_json::to_string_pretty(&serde_json::json!({ "decisions": json }))
            .unwrap_or_default();
        out.push('\n');
    }
    let _ = crate::output::stdout(&out);
    Exit::Clean
}

fn push_sources(out: &mut String, entry: &Entry<'_>, loaded: &[Loaded], indent: &str) {
    for source in &entry.sources {
        let Some(file) = loaded.get(source.policy) else {
            continue;
        };
        let at = file.source.line_col(source.block.path.span.start);
        out.push_str(&format!(
            "{indent}{}:{at}  path \"{}\" grants {}\n",
            file.source.name(),
            source.block.path.value,
            caps_or_none(&source.block.effective_capabilities())
        ));
    }
}

fn caps_or_none(caps: &[&str]) -> String {
    if caps.is_empty() {
        "nothing".to_string()
    } else {
        caps.join(", ")
    }
}

fn entry_json(entry: &Entry<'_>, loaded: &[Loaded]) -> serde_json::Value {
    serde_json::json!({
        "path": entry.pattern.normalized,
        "capabilities": entry.capabilities,
        "blocks": entry.sources.iter().filter_map(|s| {
            let file = loaded.get(s.policy)?;
            let at = file.source.line_col(s.block.path.span.start);
            Some(serde_json::json!({
                "file": file.source.name(),
                "line": at.line,
                "column": at.column,
                "path": s.block.path.value,
                "capabilities": s.block.effective_capabilities(),
            }))
        }).collect::<Vec<_>>(),
    })
}
