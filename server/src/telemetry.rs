//! Logging: `tracing` with a filter from `PORTICO_LOG`, text or JSON lines.

use tracing_subscriber::{EnvFilter, fmt};

use crate::config::{Config, LogFormat};

pub fn init(config: &Config) -> anyhow::Result<()> {
    let filter =
        EnvFilter::try_new(&config.log).map_err(|e| anyhow::anyhow!("PORTICO_LOG: {e}"))?;
    let builder = fmt().with_env_filter(filter).with_target(false);
    let result = match config.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
    // A second init (tests start many servers in one process) is harmless.
    let _ = result;
    Ok(())
}
