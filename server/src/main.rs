//! The `portico` binary: parses the command line and hands over to `startup`.
#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use server::{config::Config, startup};

#[derive(Parser)]
#[command(
    name = "portico",
    version,
    about = "Developer portal and OpenID provider"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations, then serve pages, provider and API.
    Serve,
    /// Apply migrations and exit.
    Migrate,
    /// Manage admin accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Manage the provider's signing keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Add new ES256 and RS256 signing keys; the old ones stay published
    /// until the tokens they signed have expired.
    Rotate,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin (who is also a developer), or promote an existing account.
    Create {
        #[arg(long)]
        email: String,
        /// Your name as shown in the portal (defaults to the email's local part).
        #[arg(long)]
        name: Option<String>,
        /// Read the password from standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = Config::load().and_then(|config| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            match cli.command {
                Command::Serve => startup::serve(config).await,
                Command::Migrate => startup::migrate(config).await,
                Command::Admin {
                    command:
                        AdminCommand::Create {
                            email,
                            name,
                            password_stdin,
                        },
                } => startup::create_admin(config, &email, name.as_deref(), password_stdin).await,
                Command::Keys {
                    command: KeysCommand::Rotate,
                } => startup::rotate_keys(config).await,
            }
        })
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("portico: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
