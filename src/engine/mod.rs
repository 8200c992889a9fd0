//! The one TLS engine, on rustls: both faces drive it the same way.
pub mod x509;
