//! People: one identity per person. `[[people]]` in `soc2.toml` lists each
//! person once (name, email, optional GitHub login, roles); policy owners,
//! control owners, `[roles]`, reviewers, approvers and `--by` all resolve
//! through it, so a person is one owner everywhere.
//!
//! Repos written before the people table keep working: a `[roles]` entry
//! (role → email or name) and an `[organization]` role variable
//! (`security_officer = "Dana Lee"`) both name the holder of a role, and the
//! two are merged into one person.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics, Position, Severity, did_you_mean};

/// `[organization]` variables that name the holder of a role, with the role.
/// The policy templates use these variables; `policies init` asks for them as people.
pub const ROLE_VARIABLES: [(&str, &str); 5] = [
    ("ceo", "ceo"),
    ("security_officer", "security-officer"),
    ("cto", "cto"),
    ("hr_lead", "hr-lead"),
    ("privacy_officer", "privacy-officer"),
];

/// Roles that may accept a control in the workflow (`soc2 workflow ID accepted`).
pub const ACCEPTING_ROLES: [&str; 2] = ["reviewer", "auditor"];

/// Where a person was declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A `[[people]]` entry.
    People,
    /// Only named by `[roles]` or an `[organization]` role variable.
    Implied,
}

/// One person.
#[derive(Clone, Debug, Serialize)]
pub struct Person {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub github: Option<String>,
    pub roles: Vec<String>,
    pub source: Source,
    /// Where the person is declared in soc2.toml.
    #[serde(skip)]
    pub position: Position,
}

impl Person {
    /// How people see the person: the name, else the email, else the GitHub login.
    pub fn display(&self) -> &str {
        self.name.as_deref().or(self.email.as_deref()).or(self.github.as_deref()).unwrap_or("")
    }

    /// What records store as the signer: the email, else the name, else the GitHub login.
    pub fn id(&self) -> &str {
        self.email.as_deref().or(self.name.as_deref()).or(self.github.as_deref()).unwrap_or("")
    }

    /// Whether `reference` (an email, a name or a GitHub login, any case) names this person.
    pub fn is(&self, reference: &str) -> bool {
        let r = reference.trim();
        let login = r.strip_prefix('@').unwrap_or(r);
        self.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(r))
            || self.name.as_deref().is_some_and(|n| same_name(n, r))
            || self.github.as_deref().is_some_and(|g| g.eq_ignore_ascii_case(login))
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r.eq_ignore_ascii_case(role))
    }

    /// Every way to refer to the person, for did-you-mean hints.
    pub fn references(&self) -> impl Iterator<Item = &str> {
        [self.name.as_deref(), self.email.as_deref(), self.github.as_deref()].into_iter().flatten()
    }
}

fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    norm(a) == norm(b)
}

/// Everyone the repo knows, and who holds which role.
#[derive(Clone, Debug, Default, Serialize)]
pub struct People {
    pub persons: Vec<Person>,
    /// Whether soc2.toml has a `[[people]]` table (then unknown names are warned about).
    pub declared: bool,
}

/// A person as written in `[[people]]`, with where each value sits.
#[derive(Clone, Debug, Default)]
pub struct RawPerson {
    pub name: Option<(String, Position)>,
    pub email: Option<(String, Position)>,
    pub github: Option<(String, Position)>,
    pub roles: Vec<(String, Position)>,
    pub position: Position,
}

impl People {
    /// The person `reference` names: `role:NAME` (the first holder of the role),
    /// an email, a name or a GitHub login, case-insensitively.
    pub fn resolve(&self, reference: &str) -> Option<&Person> {
        self.index(reference).and_then(|i| self.persons.get(i))
    }

    /// The index of the person `reference` names.
    pub fn index(&self, reference: &str) -> Option<usize> {
        let r = reference.trim();
        if r.is_empty() {
            return None;
        }
        if let Some(role) = r.strip_prefix("role:") {
            return self.persons.iter().position(|p| p.has_role(role.trim()));
        }
        self.persons.iter().position(|p| p.is(r))
    }

    /// The first holder of `role`.
    pub fn holder(&self, role: &str) -> Option<&Person> {
        self.persons.iter().find(|p| p.has_role(role))
    }

    /// Every role someone holds, sorted.
    pub fn roles(&self) -> Vec<&str> {
        let mut roles: Vec<&str> = self.persons.iter().flat_map(|p| p.roles.iter().map(String::as_str)).collect();
        roles.sort_unstable();
        roles.dedup();
        roles
    }

    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }

    /// How `reference` is shown: the person's display name, else the reference as written.
    pub fn display(&self, reference: &str) -> String {
        self.resolve(reference).map_or_else(|| reference.trim().to_owned(), |p| p.display().to_owned())
    }

    /// Whether two references name the same person (or, unresolved, are the same text).
    pub fn same(&self, a: &str, b: &str) -> bool {
        match (self.index(a), self.index(b)) {
            (Some(x), Some(y)) => x == y,
            (None, None) => !a.trim().is_empty() && a.trim().eq_ignore_ascii_case(b.trim()),
            _ => false,
        }
    }

    /// `did you mean` for an unknown reference: the closest name, email, login or role.
    pub fn suggest(&self, reference: &str) -> Option<String> {
        let r = reference.trim();
        if let Some(role) = r.strip_prefix("role:") {
            return did_you_mean(role, self.roles()).map(|s| format!("role:{s}"));
        }
        did_you_mean(r, self.persons.iter().flat_map(Person::references)).map(str::to_owned)
    }

    /// Who is known, for hints: `Dana Lee <dana@acme.example>, Sam Patel`.
    pub fn listing(&self) -> String {
        let names: Vec<String> = self
            .persons
            .iter()
            .map(|p| match (&p.name, &p.email) {
                (Some(n), Some(e)) => format!("{n} <{e}>"),
                _ => p.display().to_owned(),
            })
            .collect();
        names.join(", ")
    }
}

/// Whether `s` looks like an email address: one `@`, text before it, a dotted domain after it.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\".contains(c))
}

/// Whether `s` is a GitHub login: letters, digits and single hyphens, at most 39 characters.
pub fn is_github_login(s: &str) -> bool {
    let s = s.strip_prefix('@').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 39
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Whether `s` is usable as a role name: lowercase letters, digits and `-`.
pub fn is_role_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Build the people of a repo from `[[people]]`, `[roles]` and the
/// `[organization]` role variables; `err` makes a located soc2.toml diagnostic.
pub fn build(
    declared: Vec<RawPerson>,
    roles: &[(String, String, Position)],
    organization: &[(String, String, Position)],
    diags: &mut Diagnostics,
    err: &dyn Fn(Position, String) -> Diagnostic,
) -> People {
    let warn = |pos: Position, msg: String| {
        let mut d = err(pos, msg);
        d.severity = Severity::Warning;
        d
    };
    let mut people = People { persons: Vec::new(), declared: !declared.is_empty() };
    for raw in declared {
        let mut ok = true;
        if raw.name.is_none() && raw.email.is_none() {
            diags.push(
                err(raw.position, "a [[people]] entry needs a `name` or an `email`".into())
                    .with_hint("e.g. `name = \"Dana Lee\"` and `email = \"dana@acme.example\"`"),
            );
            continue;
        }
        for (value, pos) in [&raw.name, &raw.email, &raw.github].into_iter().flatten() {
            if value.chars().any(char::is_control) {
                diags.push(
                    err(*pos, "a person's name, email or login is one line, without control characters".into())
                        .with_hint("policies show people's names: a line break would end a policy's front matter"),
                );
                ok = false;
            }
        }
        if let Some((email, pos)) = &raw.email
            && !is_email(email)
        {
            diags.push(
                err(*pos, format!("`people.email`: `{email}` is not an email address"))
                    .with_hint("write it as name@domain.example"),
            );
            ok = false;
        }
        if let Some((login, pos)) = &raw.github
            && !is_github_login(login)
        {
            diags.push(
                err(*pos, format!("`people.github`: `{login}` is not a GitHub login"))
                    .with_hint("a login has letters, digits and single hyphens, e.g. dana-lee"),
            );
            ok = false;
        }
        for (role, pos) in &raw.roles {
            if !is_role_name(role) {
                diags.push(
                    err(*pos, format!("`people.roles`: `{role}` is not a role name"))
                        .with_hint("use lowercase letters, digits and `-`, e.g. security-officer"),
                );
                ok = false;
            }
        }
        let person = Person {
            name: raw.name.as_ref().map(|(n, _)| n.trim().to_owned()),
            email: raw.email.as_ref().map(|(e, _)| e.trim().to_owned()),
            github: raw.github.as_ref().map(|(g, _)| g.trim().trim_start_matches('@').to_owned()),
            roles: Vec::new(),
            source: Source::People,
            position: raw.position,
        };
        // The same name, email or login twice is the same person written twice.
        let refs: Vec<(&str, Position)> =
            [&raw.name, &raw.email, &raw.github].into_iter().flatten().map(|(v, p)| (v.as_str(), *p)).collect();
        for (value, pos) in refs {
            if let Some(other) = people.persons.iter().find(|p| p.is(value)) {
                diags.push(
                    err(pos, format!("`{value}` is already a person (line {})", other.position.line))
                        .with_hint("list each person once under [[people]], with all their roles"),
                );
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        people.persons.push(person);
        let idx = people.persons.len() - 1;
        for (role, _) in &raw.roles {
            if let Some(p) = people.persons.get_mut(idx)
                && !p.has_role(role)
            {
                p.roles.push(role.clone());
            }
        }
    }
    for (role, reference, pos) in roles {
        let reference = reference.trim();
        if reference.is_empty() {
            diags.push(
                err(*pos, format!("`roles.{role}` is empty"))
                    .with_hint("name the person who holds the role, by email or name"),
            );
            continue;
        }
        let holder = people.persons.iter().position(|p| p.has_role(role));
        let named = people.index(reference);
        match (holder, named) {
            (Some(h), Some(n)) if h == n => {}
            (Some(h), _) => {
                let who = people.persons.get(h).map(Person::display).unwrap_or_default().to_owned();
                diags.push(
                    err(*pos, format!("`roles.{role}` names `{reference}`, but {who} holds `{role}` in [[people]]"))
                        .with_hint("a role is given in one place: keep it in [[people]] and remove it here"),
                );
            }
            (None, Some(n)) => {
                if let Some(p) = people.persons.get_mut(n) {
                    p.roles.push(role.clone());
                }
            }
            (None, None) => {
                if people.declared {
                    let hint = people.suggest(reference).map_or_else(
                        || "add the person under [[people]]".to_owned(),
                        |s| format!("did you mean `{s}`?"),
                    );
                    diags.push(
                        warn(*pos, format!("`roles.{role}`: `{reference}` is not in [[people]]")).with_hint(hint),
                    );
                }
                let is_mail = reference.contains('@');
                people.persons.push(Person {
                    name: (!is_mail).then(|| reference.to_owned()),
                    email: is_mail.then(|| reference.to_owned()),
                    github: None,
                    roles: vec![role.clone()],
                    source: Source::Implied,
                    position: *pos,
                });
            }
        }
    }
    for (variable, name, pos) in organization {
        let Some((_, role)) = ROLE_VARIABLES.iter().find(|(v, _)| v == variable) else { continue };
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let holder = people.persons.iter().position(|p| p.has_role(role));
        let named = people.index(name);
        match (holder, named) {
            (Some(h), Some(n)) if h == n => {}
            (Some(h), None) => {
                // `[roles]` named the holder by email: the variable gives their name.
                let Some(p) = people.persons.get_mut(h) else { continue };
                if p.name.is_none() {
                    p.name = Some(name.to_owned());
                } else {
                    let who = p.display().to_owned();
                    diags.push(
                        warn(*pos, format!("`organization.{variable}` is `{name}`, but the {role} is {who}"))
                            .with_hint(format!("policies name the {role} from [[people]]; remove `{variable}` here")),
                    );
                }
            }
            (Some(h), Some(_)) => {
                let who = people.persons.get(h).map(Person::display).unwrap_or_default().to_owned();
                diags.push(
                    warn(*pos, format!("`organization.{variable}` is `{name}`, but the {role} is {who}"))
                        .with_hint(format!("policies name the {role} from [[people]]; remove `{variable}` here")),
                );
            }
            (None, Some(n)) => {
                if let Some(p) = people.persons.get_mut(n) {
                    p.roles.push((*role).to_owned());
                }
            }
            (None, None) => people.persons.push(Person {
                name: Some(name.to_owned()),
                email: None,
                github: None,
                roles: vec![(*role).to_owned()],
                source: Source::Implied,
                position: *pos,
            }),
        }
    }
    people
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(pos: Position, msg: String) -> Diagnostic {
        Diagnostic::error("soc2.toml", msg).at(pos)
    }

    fn raw(name: &str, email: &str, roles: &[&str]) -> RawPerson {
        RawPerson {
            name: Some((name.into(), Position::new(1, 1))),
            email: Some((email.into(), Position::new(1, 1))),
            github: None,
            roles: roles.iter().map(|r| ((*r).to_owned(), Position::new(1, 1))).collect(),
            position: Position::new(1, 1),
        }
    }

    #[test]
    fn a_role_email_and_a_name_variable_are_one_person() {
        let mut d = Diagnostics::new();
        let roles = [("security-officer".to_owned(), "dana@acme.example".to_owned(), Position::new(2, 1))];
        let org = [("security_officer".to_owned(), "Dana Lee".to_owned(), Position::new(3, 1))];
        let p = build(Vec::new(), &roles, &org, &mut d, &err);
        assert!(d.is_empty(), "{d}");
        assert_eq!(p.persons.len(), 1);
        assert_eq!(p.display("role:security-officer"), "Dana Lee");
        assert_eq!(p.display("DANA@acme.example"), "Dana Lee");
        assert!(p.same("dana lee", "role:security-officer"));
    }

    #[test]
    fn people_resolve_by_email_name_login_and_role() {
        let mut d = Diagnostics::new();
        let mut dana = raw("Dana Lee", "dana@acme.example", &["security-officer", "privacy-officer"]);
        dana.github = Some(("dana-lee".into(), Position::new(1, 1)));
        let p = build(vec![dana, raw("Sam Patel", "sam@acme.example", &["cto"])], &[], &[], &mut d, &err);
        assert!(d.is_empty(), "{d}");
        for r in ["@Dana-Lee", "dana lee", "role:privacy-officer", "Dana@Acme.Example"] {
            assert_eq!(p.resolve(r).map(Person::id), Some("dana@acme.example"), "{r}");
        }
        assert_eq!(p.suggest("sam@acme.exampel").as_deref(), Some("sam@acme.example"));
        assert_eq!(p.suggest("role:ct").as_deref(), Some("role:cto"));
    }

    #[test]
    fn conflicts_and_bad_values_are_errors() {
        let mut d = Diagnostics::new();
        let roles = [("cto".to_owned(), "dana@acme.example".to_owned(), Position::new(9, 1))];
        build(
            vec![raw("Sam", "sam@acme.example", &["cto"]), raw("Dana", "not-an-email", &[]), raw("sam", "x@y.z", &[])],
            &roles,
            &[],
            &mut d,
            &err,
        );
        let text = d.to_string();
        assert!(text.contains("`not-an-email` is not an email address"), "{text}");
        assert!(text.contains("`sam` is already a person"), "{text}");
        assert!(text.contains("`roles.cto` names `dana@acme.example`, but Sam holds `cto`"), "{text}");
    }

    #[test]
    fn emails_and_logins() {
        assert!(is_email("a.b+c@acme.example"));
        for bad in ["", "a", "a@b", "@b.c", "a@.b", "a b@c.d", "a@b@c.d", "Dec 1 2026"] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(is_github_login("dana-lee") && is_github_login("@d4"));
        assert!(!is_github_login("-x") && !is_github_login("a--b") && !is_github_login("a b"));
    }
}
