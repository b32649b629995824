//! The merged view of ruleset, configuration and command line that the engine queries.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polgen_diagnostics::Severity;

use crate::config::{Config, check_names};
use crate::error::ConfigError;
use crate::layer::Layer;
use crate::paths::{PathMatcher, relative_to};
use crate::ruleset::load_chain;
use crate::settings::SettingValue;

/// The ruleset used when neither the configuration nor the command line names one.
const DEFAULT_RULESET: &str = "recommended";

/// Configuration and ruleset merged, with command-line selection on top. See the crate docs
/// for the precedence.
#[derive(Clone, Debug)]
pub struct Resolved {
    ruleset_name: String,
    /// The ruleset and the rulesets it extends, the most basic first.
    ruleset_layers: Vec<Layer>,
    config_layer: Layer,
    /// The globs of every `[[overrides]]`, and each override's layer.
    override_paths: PathMatcher,
    overrides: Vec<Layer>,
    cli_layer: Layer,
    settings: BTreeMap<String, SettingValue>,
    config: Config,
    /// Directory override globs are relative to.
    root: PathBuf,
    /// Directory relative paths are relative to.
    cwd: PathBuf,
}

impl Resolved {
    /// Merges `config` with its ruleset (or `ruleset_override`, from `--ruleset`: a built-in
    /// name or a path relative to the current directory) and the command line's
    /// `--select`/`--ignore`.
    pub fn new(
        config: &Config,
        ruleset_override: Option<&str>,
        cli_select: &[String],
        cli_ignore: &[String],
    ) -> Result<Resolved, ConfigError> {
        let cwd = std::env::current_dir()
            .or_else(|_| std::path::absolute("."))
            .unwrap_or_default();
        let root = config.root.clone().unwrap_or_else(|| cwd.clone());
        let chain = match ruleset_override {
            Some(reference) => load_chain(reference, &cwd)?,
            None => load_chain(config.ruleset.as_deref().unwrap_or(DEFAULT_RULESET), &root)?,
        };
        let ruleset_name = chain
            .last()
            .and_then(|r| r.name.clone())
            .unwrap_or_else(|| DEFAULT_RULESET.to_owned());
        let mut settings = BTreeMap::new();
        for ruleset in &chain {
            settings.extend(ruleset.settings.clone());
        }
        settings.extend(config.settings.clone());
        let override_paths = PathMatcher::new(config.overrides.iter().map(|o| o.paths.as_slice()))?;
        let overrides = config
            .overrides
            .iter()
            .enumerate()
            .map(|(i, o)| o.layer(i))
            .collect();
        Ok(Resolved {
            ruleset_name,
            ruleset_layers: chain.iter().map(|r| r.layer()).collect(),
            config_layer: config.top_layer(),
            override_paths,
            overrides,
            cli_layer: Layer {
                origin: "the command line".to_owned(),
                select: cli_select.to_vec(),
                ignore: cli_ignore.to_vec(),
                severity: BTreeMap::new(),
            },
            settings,
            config: config.clone(),
            root,
            cwd,
        })
    }

    /// `None` if the rule is off for this file (or for the run, when `path` is `None`: then
    /// per-path overrides do not apply); else its severity.
    pub fn severity_for(
        &self,
        rule_id: &str,
        category: &str,
        default: Severity,
        path: Option<&Path>,
    ) -> Option<Severity> {
        let mut enabled = false;
        let mut severity = None;
        let mut apply = |layer: &Layer| {
            if let Some(on) = layer.decide(rule_id, category) {
                enabled = on;
            }
            if let Some(s) = layer.severity(rule_id, category) {
                severity = Some(s);
            }
        };
        self.ruleset_layers.iter().for_each(&mut apply);
        apply(&self.config_layer);
        if let Some(path) = path
            && !self.overrides.is_empty()
        {
            let relative = relative_to(path, &self.root, &self.cwd);
            for at in self.override_paths.matching(&relative) {
                self.overrides.get(at).into_iter().for_each(&mut apply);
            }
        }
        apply(&self.cli_layer);
        enabled.then(|| severity.unwrap_or(default))
    }

    /// A setting from `[settings]` of the configuration or the ruleset.
    pub fn setting(&self, key: &str) -> Option<&SettingValue> {
        self.settings.get(key)
    }

    /// A non-negative integer setting.
    pub fn setting_u64(&self, key: &str) -> Option<u64> {
        self.setting(key).and_then(SettingValue::as_u64)
    }

    pub fn setting_str(&self, key: &str) -> Option<&str> {
        self.setting(key).and_then(SettingValue::as_str)
    }

    pub fn setting_bool(&self, key: &str) -> Option<bool> {
        self.setting(key).and_then(SettingValue::as_bool)
    }

    /// `[accounts] own`.
    pub fn accounts_own(&self) -> &[String] {
        &self.config.accounts.own
    }

    /// `[vault] kv_v2_mounts`, when configured.
    pub fn vault_kv_v2_mounts(&self) -> Option<&[String]> {
        self.config.vault.kv_v2_mounts.as_deref()
    }

    /// `[vault] flavor`, when configured.
    pub fn vault_flavor(&self) -> Option<crate::config::VaultFlavor> {
        self.config.vault.flavor
    }

    /// `[accounts] trusted`.
    pub fn accounts_trusted(&self) -> &[String] {
        &self.config.accounts.trusted
    }

    /// `fail-on` from the configuration (the command line's `--fail-on` takes precedence).
    pub fn fail_on(&self) -> Option<Severity> {
        self.config.fail_on
    }

    /// The name of the ruleset in use (`recommended`, `strict`, or a file's `name`).
    pub fn ruleset_name(&self) -> &str {
        &self.ruleset_name
    }

    /// Problems with the rule ids and categories named anywhere (rulesets, configuration,
    /// command line) and with the configured account ids. See [`Config::validate`].
    pub fn validate(&self, known_rules: &[(&str, &str)]) -> Vec<String> {
        let mut problems = Vec::new();
        for layer in &self.ruleset_layers {
            check_names(layer, known_rules, None, &mut problems);
        }
        problems.extend(self.config.validate(known_rules));
        check_names(&self.cli_layer, known_rules, None, &mut problems);
        problems
    }
}
