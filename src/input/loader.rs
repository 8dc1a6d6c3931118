//! The one loader every kind of export goes through: resolve the files,
//! apply the preset (named, or detected from the header), read the typed
//! rows (without row positions, and again with them only when a problem
//! must be named), and for `engage check` read with positions at once.
//! Each kind (`orders`, `surveys`) gives only what is its own: its
//! configuration, how a preset applies to it, and its columns, typing,
//! checks and result ([`Kind::load_from`]).

use anyhow::Result;

use super::presets::{self, Chosen, Preset};
use super::{read_twice, resolve_sources, Source};
use crate::config::InputOptions;

/// One kind of export.
pub trait Kind {
    type Config: Clone;
    type Loaded;
    /// Which presets apply to it.
    const PRESETS: presets::Kind;
    fn files(cfg: &Self::Config) -> &[String];
    fn input(cfg: &Self::Config) -> &InputOptions;
    /// Applies a preset chosen for these sources.
    fn apply(cfg: &mut Self::Config, preset: &Preset, sources: &mut [Source]) -> Result<()>;
    /// Reads the rows: `None` when a problem must be named but rows were
    /// read without positions (see [`read_twice`]).
    fn load_from(
        cfg: &Self::Config,
        sources: &[Source],
        positions: bool,
    ) -> Result<Option<Self::Loaded>>;
    /// Records the preset the rows were read with.
    fn set_preset(loaded: &mut Self::Loaded, preset: Option<Chosen>);
}

/// Resolves the files and applies the preset: the configuration and
/// sources the files are then read with.
pub fn prepare<K: Kind>(cfg: &K::Config) -> Result<(K::Config, Vec<Source>, Option<Chosen>)> {
    let sources = resolve_sources(K::files(cfg), K::input(cfg))?;
    prepare_sources::<K>(cfg, sources)
}

/// [`prepare`] for sources already resolved.
pub fn prepare_sources<K: Kind>(
    cfg: &K::Config,
    mut sources: Vec<Source>,
) -> Result<(K::Config, Vec<Source>, Option<Chosen>)> {
    let mut cfg = cfg.clone();
    let input = K::input(&cfg);
    let presets = input.presets.clone();
    let named = input.preset.clone();
    let Some((chosen, preset)) = presets::choose(&presets, K::PRESETS, named.as_deref(), &sources)?
    else {
        return Ok((cfg, sources, None));
    };
    K::apply(&mut cfg, preset, &mut sources)?;
    Ok((cfg, sources, Some(chosen)))
}

/// Reads the files as `cfg` (after [`prepare`]) says.
pub fn load<K: Kind>(cfg: &K::Config) -> Result<(K::Config, Vec<Source>, K::Loaded)> {
    let (cfg, sources, preset) = prepare::<K>(cfg)?;
    let mut loaded = load_sources::<K>(&cfg, &sources)?;
    K::set_preset(&mut loaded, preset);
    Ok((cfg, sources, loaded))
}

/// Reads sources already resolved from the configuration's files.
pub fn load_sources<K: Kind>(cfg: &K::Config, sources: &[Source]) -> Result<K::Loaded> {
    read_twice(|positions| K::load_from(cfg, sources, positions))
}

/// Reads the files for `engage check`: with row positions, so that every
/// skipped row can be named (with `--skip-invalid` in `cfg`, nothing fails
/// on a bad row).
pub fn check_sources<K: Kind>(cfg: &K::Config, sources: &[Source]) -> Result<K::Loaded> {
    K::load_from(cfg, sources, true)?
        .ok_or_else(|| anyhow::anyhow!("internal error: rows could not be checked"))
}
