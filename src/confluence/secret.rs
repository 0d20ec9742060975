//! Credentials, read from the environment in one place and kept in a type
//! that never prints: `Debug` and `Display` show `***`, so no log line,
//! error message or panic can carry the token.

use std::fmt;

use base64::Engine as _;

/// The account's e-mail (with a token: HTTP Basic).
pub(crate) const USER_VAR: &str = "SOPKIT_CONFLUENCE_USER";
/// An API token (with a user), or an OAuth 2.0 access token (alone).
pub(crate) const TOKEN_VAR: &str = "SOPKIT_CONFLUENCE_TOKEN";

/// A value that must never be shown.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that sends it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How sopkit signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Credentials {
    /// An account's e-mail and API token (classic or scoped): HTTP Basic,
    /// as Confluence Cloud wants.
    Basic { user: String, token: Secret },
    /// An OAuth 2.0 access token, sent as a Bearer token.
    Bearer(Secret),
}

impl Credentials {
    /// The credentials in `SOPKIT_CONFLUENCE_USER` and
    /// `SOPKIT_CONFLUENCE_TOKEN` (an empty variable counts as unset).
    pub(crate) fn from_env() -> Result<Self, String> {
        let var = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Self::from_values(var(USER_VAR), var(TOKEN_VAR))
    }

    fn from_values(user: Option<String>, token: Option<String>) -> Result<Self, String> {
        match (user, token) {
            (Some(user), Some(token)) => Ok(Self::Basic {
                user: user.trim().to_owned(),
                token: Secret::new(token.trim()),
            }),
            (None, Some(token)) => Ok(Self::Bearer(Secret::new(token.trim()))),
            (Some(_), None) => Err(format!(
                "{USER_VAR} is set but {TOKEN_VAR} is not: set {TOKEN_VAR} to an API token of that account"
            )),
            (None, None) => Err(format!(
                "no credentials: set {USER_VAR} to the account's e-mail and {TOKEN_VAR} to an API token (or {TOKEN_VAR} alone to an OAuth access token)"
            )),
        }
    }

    /// The `Authorization` header's value.
    pub(crate) fn authorization(&self) -> Secret {
        match self {
            Self::Basic { user, token } => {
                let pair = format!("{user}:{}", token.expose());
                Secret::new(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                ))
            }
            Self::Bearer(token) => Secret::new(format!("Bearer {}", token.expose())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_prints() {
        let credentials =
            Credentials::from_values(Some("me@example.com".into()), Some("s3cret-t0ken".into()))
                .unwrap();
        for shown in [
            format!("{credentials:?}"),
            format!("{:?}", credentials.authorization()),
            credentials.authorization().to_string(),
        ] {
            assert!(!shown.contains("s3cret"), "{shown}");
            assert!(!shown.contains("czNjcmV0"), "{shown}");
        }
        assert_eq!(
            credentials.authorization().expose(),
            "Basic bWVAZXhhbXBsZS5jb206czNjcmV0LXQwa2Vu"
        );
    }

    #[test]
    fn a_token_alone_is_a_bearer_token() {
        let bearer = Credentials::from_values(None, Some("abc".into())).unwrap();
        assert_eq!(bearer.authorization().expose(), "Bearer abc");
        let why = Credentials::from_values(None, None).unwrap_err();
        assert!(why.contains(USER_VAR) && why.contains(TOKEN_VAR), "{why}");
        let why = Credentials::from_values(Some("me".into()), None).unwrap_err();
        assert!(why.contains(TOKEN_VAR), "{why}");
    }
}
