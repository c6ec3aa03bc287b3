//! Validated types shared by the browser and the server.
//!
//! Every type here is built only through `parse` (or a constructor that cannot
//! produce an invalid value), so holding one is proof that the check ran. The
//! browser uses the same functions for live validation that the server uses
//! as its gate.

mod display_name;
mod email;
mod password;
mod prefix;
mod return_path;

pub use display_name::DisplayName;
pub use email::Email;
pub use password::Password;
pub use prefix::ClientPrefix;
pub use return_path::ReturnPath;
