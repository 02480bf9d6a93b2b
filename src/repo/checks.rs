//! Cross-references of a loaded repo: ids unique, every reference resolved,
//! people, signers, records and the library checked against each other, each
//! problem located in the file that makes it.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

impl Repo {
    /// Every `[not_applicable]` key names a control.
    fn check_not_applicable(&self, diags: &mut Diagnostics) {
        for (id, na) in &self.config.not_applicable {
            if self.controls.iter().any(|c| c.id() == id) {
                continue;
            }
            let hint = did_you_mean(id, self.controls.iter().map(|c| c.id())).map_or_else(
                || "the key is a control id, e.g. `NET-10`".to_owned(),
                |s| format!("did you mean `{s}`?"),
            );
            diags.push(
                Diagnostic::error(CONFIG_FILE, format!("`not_applicable`: no control `{id}`"))
                    .at(na.position)
                    .with_hint(hint),
            );
        }
    }

    pub(super) fn cross_check(&mut self, files: &dyn RepoFiles, diags: &mut Diagnostics) {
        self.check_library(diags);
        for (i, category) in self.config.audit.categories.iter().enumerate() {
            if !self.framework.has_category(category) {
                let known: Vec<&str> = self.framework.categories.iter().map(|c| c.id.as_str()).collect();
                let hint = did_you_mean(category, known.iter().copied())
                    .map_or_else(|| format!("categories: {}", known.join(", ")), |s| format!("did you mean `{s}`?"));
                let pos = self.config.category_positions.get(i).copied().unwrap_or_default();
                diags.push(
                    Diagnostic::error(CONFIG_FILE, format!("`audit.categories`: unknown category `{category}`"))
                        .at(pos)
                        .with_hint(hint),
                );
            }
        }
        self.check_not_applicable(diags);
        self.check_review_groups(diags);
        self.check_people(diags);
        self.check_generated(files, diags);
        self.check_records(files, diags);
        check_unique(self.controls.iter().map(|c| (c.id(), &c.path, c.position)), "control", diags);
        check_unique(self.policies.iter().map(|p| (p.meta.id.as_str(), &p.path, p.position)), "policy", diags);
        let policy_ids: BTreeSet<&str> = self.policies.iter().map(|p| p.meta.id.as_str()).collect();
        let templates = policy_template_ids(files);
        for p in &self.policies {
            if let Some(date) = &p.meta.effective {
                check_date(&p.path, date, p.index.value(&[Seg::Key("effective")]), "effective", diags);
            }
            self.check_criteria(
                &p.path,
                &p.meta.criteria,
                |i| p.index.value(&[Seg::Key("criteria"), Seg::Index(i)]),
                diags,
            );
        }
        let query_names: BTreeSet<&str> = self.queries.keys().map(String::as_str).collect();
        for c in &self.controls {
            let def = &c.def;
            let at = |path: &[Seg<'_>]| c.index.value(path);
            self.check_criteria(&c.path, &def.criteria, |i| at(&[Seg::Key("criteria"), Seg::Index(i)]), diags);
            for (i, p) in def.policies.iter().enumerate() {
                let pos = at(&[Seg::Key("policies"), Seg::Index(i)]);
                if policy_ids.contains(p.as_str()) {
                    continue;
                }
                if templates.contains(p) {
                    diags.push(
                        Diagnostic::warning(&c.path, format!("policy `{p}` is not written yet"))
                            .at(pos)
                            .with_hint("`soc2 policies init` writes it from its template")
                            .grouped(GroupKind::UnwrittenPolicy, p),
                    );
                } else {
                    let known = policy_ids.iter().copied().chain(templates.iter().map(String::as_str));
                    diags.push(missing_ref(&c.path, pos, "policy", p, known, "policies/<id>.md"));
                }
            }
            for (i, q) in def.queries.iter().enumerate() {
                if !self.queries.contains_key(&q.query) {
                    let pos = at(&[Seg::Key("queries"), Seg::Index(i), Seg::Key("query")]);
                    let names = self.queries.keys().map(String::as_str);
                    diags.push(missing_ref(&c.path, pos, "query", &q.query, names, "queries/<name>.sql"));
                }
            }
            population::check(c, &query_names, diags);
            for (i, e) in def.evidence.iter().enumerate() {
                if let Some(path) = &e.spec().path
                    && !files.exists(path)
                {
                    let pos = at(&[Seg::Key("evidence"), Seg::Index(i), Seg::Key(e.kind()), Seg::Key("path")]);
                    diags.push(
                        Diagnostic::error(&c.path, format!("evidence file `{path}` does not exist"))
                            .at(pos)
                            .with_hint("paths are relative to the repo root; record files with `soc2 evidence add`"),
                    );
                }
            }
            for (fw, ids) in &def.mappings {
                match self.frameworks.get(fw) {
                    None => diags.push(
                        Diagnostic::error(&c.path, format!("`mappings`: unknown framework `{fw}`"))
                            .at(c.index.key(&[Seg::Key("mappings"), Seg::Key(fw)]))
                            .with_hint("import it with `soc2 framework import`, or add frameworks/<id>.yaml"),
                    ),
                    Some(f) => {
                        for (i, id) in ids.iter().enumerate() {
                            if f.criterion(id).is_none() {
                                let pos = at(&[Seg::Key("mappings"), Seg::Key(fw), Seg::Index(i)]);
                                let known = f.criteria.iter().map(|c| c.id.as_str());
                                diags.push(missing_ref(&c.path, pos, "criterion", id, known, fw));
                            }
                        }
                    }
                }
            }
            if let Some(date) = &def.target_date {
                check_date(&c.path, date, at(&[Seg::Key("target_date")]), "target_date", diags);
            }
            control::check_paths(c, &self.config, diags);
            if def.criteria.is_empty() && def.mappings.is_empty() {
                diags.push(
                    Diagnostic::warning(&c.path, format!("control `{}` maps to no criteria", def.id))
                        .at(c.position)
                        .with_hint("add `criteria: [CC…]` so the control counts towards coverage"),
                );
            }
        }
    }

    /// Owners, reviewers and signers named in controls, policies and `[[reviews]]`
    /// must be people of soc2.toml once it lists them (`[[people]]`).
    fn check_people(&self, diags: &mut Diagnostics) {
        let people = &self.config.people;
        if !people.declared {
            return;
        }
        // A role nobody holds is one warning, at its first use, however many files name it.
        let mut roles: BTreeMap<String, (String, Position, &str, usize)> = BTreeMap::new();
        let mut check = |path: &str, pos: Position, what: &'static str, reference: &str| {
            if people.resolve(reference).is_some() {
                return;
            }
            if let Some(role) = reference.trim().strip_prefix("role:") {
                roles.entry(role.trim().to_owned()).or_insert_with(|| (path.to_owned(), pos, what, 0)).3 += 1;
                return;
            }
            let hint = match people.suggest(reference) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("add them under [[people]] in soc2.toml; people: {}", people.listing()),
            };
            diags.push(
                Diagnostic::warning(path, format!("{what} `{reference}` is not a person of soc2.toml"))
                    .at(pos)
                    .with_hint(hint),
            );
        };
        for c in &self.controls {
            let at = |path: &[Seg<'_>]| c.index.value(path);
            check(&c.path, at(&[Seg::Key("owner")]), "owner", &c.def.owner);
            if let Some(owner) = c.def.review.as_ref().and_then(|r| r.owner.as_deref()) {
                check(&c.path, at(&[Seg::Key("review"), Seg::Key("owner")]), "reviewer", owner);
            }
            for (i, e) in c.def.evidence.iter().enumerate() {
                if let Some(by) = &e.spec().by {
                    let pos = at(&[Seg::Key("evidence"), Seg::Index(i), Seg::Key(e.kind()), Seg::Key("by")]);
                    check(&c.path, pos, "signer", by);
                }
            }
        }
        for p in &self.policies {
            check(&p.path, p.index.value(&[Seg::Key("owner")]), "owner", &p.meta.owner);
        }
        for g in &self.config.review_groups {
            if let Some(r) = &g.reviewer {
                check(CONFIG_FILE, g.position, "reviewer", r);
            }
        }
        for (role, (path, pos, what, uses)) in roles {
            let more = if uses > 1 { format!(" (named {uses} times)") } else { String::new() };
            let hint = match people.suggest(&format!("role:{role}")) {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    format!("give the role to someone: `roles = [\"{role}\"]` in their [[people]] entry of soc2.toml")
                }
            };
            diags.push(
                Diagnostic::warning(path, format!("{what} `role:{role}`: nobody holds the role `{role}`{more}"))
                    .at(pos)
                    .with_hint(hint),
            );
        }
    }

    /// Generated policies whose variables changed in soc2.toml since they were
    /// rendered: they would read differently now.
    fn check_generated(&self, files: &dyn RepoFiles, diags: &mut Diagnostics) {
        use policy_builder::{GENERATED_FILE, Generated, show_value};
        let Ok(bytes) = files.read(GENERATED_FILE) else { return };
        let Ok(generated) = serde_json::from_slice::<Generated>(&bytes) else {
            diags.push(
                Diagnostic::warning(GENERATED_FILE, "not a record of generated policies; it is ignored")
                    .with_hint("`soc2 policies init` writes it again"),
            );
            return;
        };
        let current = policy_builder::template_values(&self.config);
        for p in &self.policies {
            let Some(id) = p.path.strip_prefix("policies/").and_then(|f| f.strip_suffix(".md")) else { continue };
            let Some(record) = generated.policies.get(id) else { continue };
            let changed = record.changed(&current);
            if changed.is_empty() {
                continue;
            }
            let list: Vec<String> = changed
                .iter()
                .map(|(k, then, now)| format!("{k} ({} → {})", show_value(Some(then)), show_value(now.as_ref())))
                .collect();
            let hint = if p.sha256 == record.sha256 {
                "`soc2 policies init --update` renders it again".to_owned()
            } else {
                format!(
                    "it was edited by hand since it was generated, so --update keeps it: change its text yourself, or `soc2 policies init --only {id} --force` renders it again (losing the edits)"
                )
            };
            diags.push(
                Diagnostic::warning(
                    &p.path,
                    format!("rendered from variables that changed in soc2.toml since: {}", list.join(", ")),
                )
                .at(Position::new(1, 1))
                .with_hint(hint),
            );
        }
    }

    /// `[[reviews]]` groups must name categories and criteria of the framework.
    fn check_review_groups(&self, diags: &mut Diagnostics) {
        for g in &self.config.review_groups {
            let pos = g.scope_positions.first().copied().unwrap_or(g.position);
            match &g.scope {
                crate::repo::config::ReviewScope::All => {}
                crate::repo::config::ReviewScope::Category(cat) => {
                    if !self.framework.has_category(cat) {
                        let known: Vec<&str> = self.framework.categories.iter().map(|c| c.id.as_str()).collect();
                        let hint = did_you_mean(cat, known.iter().copied()).map_or_else(
                            || format!("categories: {}", known.join(", ")),
                            |s| format!("did you mean `{s}`?"),
                        );
                        diags.push(
                            Diagnostic::error(CONFIG_FILE, format!("`reviews.category`: unknown category `{cat}`"))
                                .at(pos)
                                .with_hint(hint),
                        );
                    }
                }
                crate::repo::config::ReviewScope::Criteria(prefixes) => {
                    for p in prefixes {
                        if !self.framework.criteria.iter().any(|c| crate::repo::framework::criterion_matches(&c.id, p))
                        {
                            let known = self.framework.criteria.iter().map(|c| c.id.as_str());
                            let mut d = missing_ref(CONFIG_FILE, pos, "criterion", p, known, &self.framework.id);
                            d.message = format!("`reviews.criteria`: no criterion matches `{p}`");
                            diags.push(d);
                        }
                    }
                }
            }
        }
    }

    /// Records and exceptions must name controls and policies that exist.
    fn check_records(&self, files: &dyn RepoFiles, diags: &mut Diagnostics) {
        let control_ids: BTreeSet<&str> = self.controls.iter().map(|c| c.id()).collect();
        let policy_ids: BTreeSet<&str> = self.policies.iter().map(|p| p.meta.id.as_str()).collect();
        for m in &self.manual {
            if !control_ids.contains(m.control.as_str()) {
                diags.push(
                    Diagnostic::warning(&m.path, format!("manual evidence for unknown control `{}`", m.control))
                        .with_hint("the folder under evidence/manual/ is the control id"),
                );
            }
        }
        let mut before: BTreeMap<&str, WorkflowState> = BTreeMap::new();
        for t in &self.workflow {
            // Two branches that both moved a control merge into a trail whose links break: say where.
            let prev = before.insert(t.control.as_str(), t.def.to).unwrap_or(WorkflowState::NotStarted);
            if t.def.from != prev {
                diags.push(
                    Diagnostic::warning(
                        &t.path,
                        format!(
                            "{} moved from `{}`, but its state before this record was `{}`",
                            t.control,
                            t.def.from.as_str(),
                            prev.as_str()
                        ),
                    )
                    .at(t.position)
                    .with_hint("two moves were probably recorded on different branches; the later one counts"),
                );
            }
            if !control_ids.contains(t.control.as_str()) {
                diags.push(
                    Diagnostic::warning(&t.path, format!("workflow record for unknown control `{}`", t.control))
                        .at(t.position)
                        .with_hint("the folder under evidence/workflow/ is the control id"),
                );
            }
        }
        for r in &self.requests {
            for a in &r.answers {
                if let Some(c) = &a.control
                    && !control_ids.contains(c.as_str())
                {
                    diags.push(
                        Diagnostic::warning(&r.path, format!("request {} is answered by unknown control `{c}`", r.id))
                            .at(r.position),
                    );
                }
                if let Some(f) = &a.file {
                    match files.read(f) {
                        Err(_) => diags.push(
                            Diagnostic::warning(&r.path, format!("request {}: answer file `{f}` does not exist", r.id))
                                .at(r.position)
                                .with_hint("record it again with `soc2 requests answer ID --file F`"),
                        ),
                        Ok(bytes) if a.sha256.as_deref().is_some_and(|s| s != crate::hash::sha256_hex(&bytes)) => diags
                            .push(
                                Diagnostic::warning(
                                    &r.path,
                                    format!("request {}: answer file `{f}` changed after it was recorded", r.id),
                                )
                                .at(r.position)
                                .with_hint("its sha256 no longer matches; record it again with `soc2 requests answer`"),
                            ),
                        Ok(_) => {}
                    }
                }
            }
        }
        self.check_signers(diags);
        for r in &self.reviews {
            let (known, what) = match r.def.subject {
                Subject::Control => (control_ids.contains(r.def.id.as_str()), "control"),
                Subject::Policy => (policy_ids.contains(r.def.id.as_str()), "policy"),
            };
            if !known {
                diags.push(
                    Diagnostic::warning(&r.path, format!("review of unknown {what} `{}`", r.def.id)).at(r.position),
                );
            }
        }
        check_unique(self.exceptions.iter().map(|e| (e.def.id.as_str(), &e.path, e.position)), "exception", diags);
        for e in &self.exceptions {
            if !control_ids.contains(e.def.control.as_str()) {
                diags.push(missing_ref(
                    &e.path,
                    e.control_position,
                    "control",
                    &e.def.control,
                    control_ids.iter().copied(),
                    "controls/<id>.yaml",
                ));
            }
        }
    }

    /// A pinned built-in library other than this binary's: its controls and queries may differ.
    fn check_library(&self, diags: &mut Diagnostics) {
        if let Some((version, pos)) = &self.config.builtin_library
            && version != crate::files::LIBRARY_VERSION
        {
            diags.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    format!(
                        "`library.builtin` pins {version}, but this soc2 carries library {}; built-in controls and queries may differ",
                        crate::files::LIBRARY_VERSION
                    ),
                )
                .at(*pos)
                .with_hint(format!("review the release notes, then set `builtin = \"{}\"`", crate::files::LIBRARY_VERSION)),
            );
        }
    }

    /// Records without a signer, signers who are not people of soc2.toml, and
    /// reviews or approvals by the owner of what they review (separation of
    /// duties: one warning per person, naming what they reviewed).
    fn check_signers(&self, diags: &mut Diagnostics) {
        let people = &self.config.people;
        let separation = self.config.signoff.separation_of_duties;
        for m in &self.manual {
            if m.def.kind == record::ManualKind::Attestation && m.def.by.as_deref().is_none_or(|b| b.trim().is_empty())
            {
                diags.push(
                    Diagnostic::warning(&m.path, "attestation without a signer (`by`): it does not count")
                        .with_hint("record it again with `soc2 attest ID --by WHO`"),
                );
            }
        }
        // The newest review (or approval) of each subject, which is the one that counts.
        let mut newest: BTreeMap<(bool, &str, bool), &ReviewRecord> = BTreeMap::new();
        for r in &self.reviews {
            if r.def.by.trim().is_empty() {
                diags.push(
                    Diagnostic::warning(&r.path, "review without a signer (`by`): it does not count")
                        .at(r.position)
                        .with_hint("record it again with `soc2 review ID --by WHO`"),
                );
                continue;
            }
            if people.declared && !r.def.external && people.resolve(&r.def.by).is_none() {
                let hint = people.suggest(&r.def.by).map_or_else(
                    || {
                        "add them under [[people]] in soc2.toml, or mark an outside party with `external: true`"
                            .to_owned()
                    },
                    |s| format!("did you mean `{s}`?"),
                );
                diags.push(
                    Diagnostic::warning(&r.path, format!("signed by `{}`, who is not a person of soc2.toml", r.def.by))
                        .at(r.position)
                        .with_hint(hint),
                );
            }
            let key = (r.def.subject == Subject::Policy, r.def.id.as_str(), r.def.approved);
            if newest.get(&key).is_none_or(|n| n.date <= r.date) {
                newest.insert(key, r);
            }
        }
        if separation == config::Separation::Off {
            return;
        }
        let mut own: BTreeMap<String, Vec<&ReviewRecord>> = BTreeMap::new();
        for ((policy, id, _), r) in &newest {
            let owner = if *policy {
                self.policy(id).map(|p| p.meta.owner.as_str())
            } else {
                self.control(id).map(|c| c.def.owner.as_str())
            };
            if owner.is_some_and(|o| people.same(o, &r.def.by)) {
                own.entry(self.config.resolve_owner(&r.def.by)).or_default().push(r);
            }
        }
        for (who, records) in own {
            let Some(first) = records.first() else { continue };
            let mut ids: Vec<String> = records
                .iter()
                .map(|r| if r.def.approved { format!("{} (approval)", r.def.id) } else { r.def.id.clone() })
                .collect();
            ids.dedup();
            let (message, hint) = match separation {
                config::Separation::Refuse => (
                    format!("{} reviewed what they own, which does not count (separation of duties): {}", who, ids.join(", ")),
                    "have another person review it; `[[reviews]] reviewer = ...` in soc2.toml says who".to_owned(),
                ),
                _ => (
                    format!("{who} reviewed what they own (separation of duties): {}", ids.join(", ")),
                    "have another person review it (`[[reviews]] reviewer = ...` in soc2.toml says who); `[signoff] separation_of_duties = \"refuse\"` refuses such reviews".to_owned(),
                ),
            };
            diags.push(Diagnostic::warning(&first.path, message).at(first.position).with_hint(hint));
        }
    }

    fn check_criteria(&self, path: &str, ids: &[String], pos: impl Fn(usize) -> Position, diags: &mut Diagnostics) {
        for (i, id) in ids.iter().enumerate() {
            if self.framework.criterion(id).is_none() {
                let known = self.framework.criteria.iter().map(|c| c.id.as_str());
                diags.push(missing_ref(path, pos(i), "criterion", id, known, &self.framework.id));
            }
        }
    }
}

/// An empty or whitespace-only `soc2.toml` parses to defaults that silently
/// drop the audit's scope: `[audit]` is required, and so is the organization's
/// name in a file without it. A new repo (`soc2 init`) has `[audit]` but no
/// name yet: `soc2 policies init` asks for the legal name.
pub(super) fn check_config_essentials(text: &str, config: &Config, diags: &mut Diagnostics) {
    let has_audit = text.parse::<toml::Table>().is_ok_and(|t| t.contains_key("audit"));
    if !has_audit && config.organization_name().is_none_or(|n| n.trim().is_empty()) {
        diags.push(
            Diagnostic::error(CONFIG_FILE, "`organization.name` is missing").at(Position::new(1, 1)).with_hint(
                "add `[organization]` with `name = \"Acme, Inc.\"`; `soc2 init` writes a complete soc2.toml",
            ),
        );
    }
    if !has_audit {
        diags.push(
            Diagnostic::error(CONFIG_FILE, "`[audit]` is missing: the audit's type, period and categories are not set")
                .at(Position::new(1, 1))
                .with_hint("add `[audit]` with `type = \"type1\"` and `categories = [\"security\"]`"),
        );
    }
}

fn check_date(path: &str, value: &str, pos: Position, field: &str, diags: &mut Diagnostics) {
    if let Err(e) = crate::dates::parse_date(value) {
        diags.push(Diagnostic::error(path, format!("`{field}`: {}", e.message)).at(pos).with_hint(e.hint));
    }
}

fn missing_ref<'a>(
    path: &str,
    pos: Position,
    what: &str,
    name: &str,
    known: impl Iterator<Item = &'a str>,
    where_: &str,
) -> Diagnostic {
    let known: Vec<&str> = known.collect();
    let hint = match did_you_mean(name, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        // An example of the framework in question: a NIST mapping is not helped by `CC6.1`.
        None if what == "criterion" => {
            match known.iter().find(|k| k.chars().any(|c| c.is_ascii_digit())).or(known.first()) {
                Some(example) => format!("criteria ids are those of `{where_}`, e.g. {example}"),
                None => format!("`{where_}` has no criteria"),
            }
        }
        None => format!("no {what} has that name; expected {where_}"),
    };
    Diagnostic::error(path, format!("unknown {what} `{name}`")).at(pos).with_hint(hint)
}

pub(super) fn known_list<'a>(what: &str, names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<&str> = names.map(String::as_str).collect();
    format!("known {what}: {}", names.join(", "))
}

fn check_unique<'a>(items: impl Iterator<Item = (&'a str, &'a String, Position)>, what: &str, diags: &mut Diagnostics) {
    let mut first: BTreeMap<&str, (&String, Position)> = BTreeMap::new();
    for (id, path, pos) in items {
        match first.get(id) {
            Some((p, at)) => diags.push(
                Diagnostic::error(path.as_str(), format!("duplicate {what} id `{id}`"))
                    .at(pos)
                    .with_hint(format!("`{id}` is already defined at {p}:{}", at.line)),
            ),
            None => {
                first.insert(id, (path, pos));
            }
        }
    }
}
