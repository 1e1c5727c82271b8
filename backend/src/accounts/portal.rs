//! 统一身份认证 (the university portal, SEP): CAS 3.0 service-ticket
//! validation. The SPA sends the browser to the portal's `/login` with this
//! server's `/login/portal` as the service; the portal sends it back with a
//! ticket, which the SPA posts here. The server asks the portal's
//! `/p3/serviceValidate` whether the ticket is good for that service (once:
//! tickets are single-use) and signs in the account the portal's user name
//! (学号, or a staff number) names. An unknown user is refused, never
//! created.

use crate::error::ApiError;
use quick_xml::events::Event;
use quick_xml::Reader;
use shared::error::ErrorCode;
use std::time::Duration;

/// The configured portal.
pub struct Portal {
    base: String,
    service: String,
    http: reqwest::Client,
}

/// What a portal said of a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validation {
    /// The portal's user name.
    User(String),
    /// Refused, with the portal's code (`INVALID_TICKET`, `INVALID_SERVICE` …).
    Failure(String),
}

impl Portal {
    /// `base`: the portal's CAS base URL; `public`: this server's address
    /// as browsers reach it.
    pub fn new(base: &str, public: &str) -> Result<Portal, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Portal {
            base: base.trim_end_matches('/').to_owned(),
            service: format!("{}/login/portal", public.trim_end_matches('/')),
            http,
        })
    }

    /// Where the browser signs in at the portal.
    pub fn login_url(&self) -> String {
        let q = serde_urlencoded::to_string(&[("service", self.service.as_str())][..])
            .unwrap_or_default();
        format!("{}/login?{q}", self.base)
    }

    /// Ask the portal about `ticket` for this server's service.
    pub async fn validate(&self, ticket: &str) -> Result<Validation, ApiError> {
        let ticket = ticket.trim();
        if ticket.is_empty() || ticket.len() > 256 {
            return Ok(Validation::Failure("INVALID_REQUEST".to_owned()));
        }
        let resp = self
            .http
            .get(format!("{}/p3/serviceValidate", self.base))
            .query(&[("ticket", ticket), ("service", self.service.as_str())])
            .send()
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "portal unreachable");
                ApiError::with_message(
                    ErrorCode::Unavailable,
                    "统一身份认证服务暂不可用，请稍后再试",
                )
            })?;
        if !resp.status().is_success() {
            tracing::warn!(status = %resp.status(), "portal answered an error");
            return Err(ApiError::with_message(
                ErrorCode::Unavailable,
                "统一身份认证服务暂不可用，请稍后再试",
            ));
        }
        let body = resp
            .text()
            .await
            .map_err(|e| ApiError::with_message(ErrorCode::Unavailable, e.to_string()))?;
        parse(&body).ok_or_else(|| {
            tracing::warn!("portal answered something that is not a CAS response");
            ApiError::with_message(ErrorCode::Unavailable, "统一身份认证服务的应答无法识别")
        })
    }
}

/// A CAS 3.0 `serviceResponse`: the user of an `authenticationSuccess`, or
/// the code of an `authenticationFailure`; `None` for anything else. The
/// user name is read whole: text, character and predefined entity
/// references and CDATA alike, and it is refused if it holds any other
/// reference.
pub fn parse(xml: &str) -> Option<Validation> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut user = String::new();
    loop {
        let in_user = path.len() >= 3
            && path[0] == "serviceResponse"
            && path[path.len() - 1] == "user"
            && path[path.len() - 2] == "authenticationSuccess";
        match reader.read_event().ok()? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if path.is_empty() && name != "serviceResponse" {
                    return None;
                }
                if name == "authenticationFailure" && path.len() == 1 {
                    let code = e
                        .try_get_attribute("code")
                        .ok()
                        .flatten()
                        .map(|a| a.value.trim().to_owned())
                        .unwrap_or_default();
                    return Some(Validation::Failure(code));
                }
                path.push(name);
            }
            Event::Empty(e) if e.local_name().as_ref() == "authenticationFailure" => {
                return (path.len() == 1).then(|| Validation::Failure(String::new()));
            }
            Event::End(_) => {
                if in_user {
                    let name = user.trim();
                    return (!name.is_empty()).then(|| Validation::User(name.to_owned()));
                }
                path.pop();
            }
            Event::Text(t) if in_user => user.push_str(&t.xml10_content()),
            Event::CData(t) if in_user => user.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_user => {
                let c = match r.resolve_char_ref().ok()? {
                    Some(c) => c,
                    None => match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => return None,
                    },
                };
                user.push(c);
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cas_answers_are_read() {
        let ok = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
            <cas:authenticationSuccess><cas:user>20218000100001</cas:user>
            <cas:attributes><cas:name>张三</cas:name></cas:attributes>
            </cas:authenticationSuccess></cas:serviceResponse>"#;
        assert_eq!(parse(ok), Some(Validation::User("20218000100001".into())));
        let bad = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
            <cas:authenticationFailure code="INVALID_TICKET">Ticket ST-1 not recognized</cas:authenticationFailure>
            </cas:serviceResponse>"#;
        assert_eq!(
            parse(bad),
            Some(Validation::Failure("INVALID_TICKET".into()))
        );
        assert_eq!(parse("<html>portal down</html>"), None);
        // The whole user name, however the portal writes it.
        let escaped = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
            <cas:authenticationSuccess><cas:user>&#50;0218000100001</cas:user>
            </cas:authenticationSuccess></cas:serviceResponse>"#;
        assert_eq!(
            parse(escaped),
            Some(Validation::User("20218000100001".into()))
        );
        let cdata = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
            <cas:authenticationSuccess><cas:user><![CDATA[E2026001]]></cas:user>
            </cas:authenticationSuccess></cas:serviceResponse>"#;
        assert_eq!(parse(cdata), Some(Validation::User("E2026001".into())));
        let unknown = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
            <cas:authenticationSuccess><cas:user>&x;1</cas:user>
            </cas:authenticationSuccess></cas:serviceResponse>"#;
        assert_eq!(parse(unknown), None);
        // A user outside a serviceResponse is no answer.
        let stray = "<authenticationSuccess><user>20218000100001</user></authenticationSuccess>";
        assert_eq!(parse(stray), None);
        assert_eq!(parse("not xml at all"), None);
    }
}
