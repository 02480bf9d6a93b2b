//! `kind = "github"`: an organization's repositories, branch protection,
//! members, outside collaborators, merged pull requests with their reviews,
//! checks and ticket reference, Dependabot alerts and secret-scanning alerts,
//! from the GitHub REST API.
//!
//! ```toml
//! [collectors.github]
//! kind = "github"
//! org = "acme"
//! token_env = "GITHUB_TOKEN"              # default
//! api_url = "https://ghe.acme.example/api/v3"   # GitHub Enterprise Server
//! since = "2026-01-01"                    # pulls merged since; default: audit period start, else 90 days
//! repos = ["api", "web"]                  # only these repositories
//! ticket_pattern = '\b(OPS|ENG)-[0-9]+\b'  # a ticket reference in title, branch or body
//! ```
//!
//! Each dataset succeeds or fails on its own, so a token without the
//! Dependabot permission still yields members and branch protection.

use std::collections::BTreeSet;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Map, Value};

use super::client::{self, Client, Page, Request};
use super::{Collector, Cx, Dataset, DatasetError, DatasetResult, Env, Settings};
use crate::dates::parse_timestamp;
use crate::repo::collector::{CollectorSpec, GithubOptions};

pub const DEFAULT_API_URL: &str = "https://api.github.com";
const TIMEOUT: Duration = Duration::from_secs(60);
const RETRIES: u32 = 3;
/// Requests per repository run this many at a time.
const REPO_PARALLELISM: usize = 4;
/// Pages read from one listing at most (100 items each).
const MAX_PAGES: usize = 10_000;
/// A Jira-style issue key (`OPS-123`), the default ticket reference.
pub const DEFAULT_TICKET_PATTERN: &str = r"\b[A-Z][A-Z0-9]{1,9}-[0-9]+\b";

pub struct Github {
    org: String,
    api_url: String,
    token: String,
    since: Option<DateTime<Utc>>,
    repos: Option<Vec<String>>,
    /// `None` only when the configured pattern does not compile, which `validate` reports first.
    ticket: Option<regex::Regex>,
}

impl Github {
    pub fn new(o: &GithubOptions, env: &mut Env, spec: &CollectorSpec) -> Self {
        let token_env = o.token_env.clone().unwrap_or_else(|| "GITHUB_TOKEN".to_owned());
        let token = env.var(&token_env, &spec.field("token_env")).unwrap_or_default();
        let api_url = o.api_url.clone().unwrap_or_else(|| DEFAULT_API_URL.to_owned());
        Github {
            org: o.org.clone(),
            api_url: api_url.trim_end_matches('/').to_owned(),
            token,
            since: o.since.as_deref().and_then(|s| parse_timestamp(s).ok()),
            repos: o.repos.clone(),
            ticket: regex::Regex::new(o.ticket_pattern.as_deref().unwrap_or(DEFAULT_TICKET_PATTERN)).ok(),
        }
    }

    fn pulls_since(&self, settings: &Settings) -> DateTime<Utc> {
        self.since
            .or_else(|| {
                settings
                    .period_start
                    .and_then(|d| Utc.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN)).single())
            })
            .unwrap_or_else(|| settings.now - chrono::TimeDelta::days(90))
    }
}

/// The REST API with this collector's credentials.
struct Api<'a> {
    base: &'a str,
    headers: Vec<(String, String)>,
    client: Client,
    cx: &'a Cx<'a>,
}

impl Api<'_> {
    fn request(&self, path: &str) -> Request<'_> {
        Request { method: "GET", url: format!("{}{path}", self.base), headers: &self.headers, body: None }
    }

    fn get(&self, path: &str) -> Result<Page> {
        self.client.send(&self.request(path), &|m| self.cx.progress.line(m))
    }

    fn get_json(&self, path: &str) -> Result<Value> {
        let req = self.request(path);
        Ok(self.client.json(&req, &|m| self.cx.progress.line(m))?.0)
    }

    /// Every item of a paginated listing; `keep_going` may stop early.
    /// `Ok(None)` when the first page answers with one of the `absent` statuses (e.g. 403, 404, 422:
    /// access refused, or the feature is off).
    fn list(
        &self,
        path: &str,
        absent: &[u16],
        mut keep_going: impl FnMut(&Value) -> bool,
    ) -> Result<Option<Vec<Value>>> {
        let mut url = format!("{}{path}", self.base);
        let mut items = Vec::new();
        for _ in 0..MAX_PAGES {
            let req = Request { method: "GET", url: url.clone(), headers: &self.headers, body: None };
            let page = self.client.send(&req, &|m| self.cx.progress.line(m))?;
            if items.is_empty() && absent.contains(&page.status) {
                return Ok(None);
            }
            if !page.ok() {
                return Err(page.error("GET", &url));
            }
            let Value::Array(batch) = page.json(&url)? else {
                bail!("GET {url}: expected a JSON array");
            };
            for item in batch {
                if !keep_going(&item) {
                    return Ok(Some(items));
                }
                items.push(item);
            }
            match page.next_link(&url)? {
                Some(next) => url = next,
                None => return Ok(Some(items)),
            }
        }
        bail!("GET {path}: more than {MAX_PAGES} pages")
    }

    fn list_all(&self, path: &str) -> Result<Vec<Value>> {
        Ok(self.list(path, &[], |_| true)?.unwrap_or_default())
    }
}

fn str_field<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn login(v: &Value) -> Option<&str> {
    v.get("login").and_then(Value::as_str)
}

fn timestamp(v: Option<&str>) -> Option<DateTime<Utc>> {
    v.and_then(|s| crate::dates::parse_timestamp(s).ok())
}

/// Run `f` over `items`, a few at a time, keeping the order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Result<Vec<R>> {
    let chunk = items.len().div_ceil(REPO_PARALLELISM).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(chunk).map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<R>>())).collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            out.extend(h.join().map_err(|_| anyhow!("internal error: a worker thread panicked"))?);
        }
        Ok(out)
    })
}

impl Collector for Github {
    fn source(&self) -> String {
        format!("{}/orgs/{}", self.api_url, self.org)
    }

    fn collect(&self, cx: &Cx<'_>) -> Result<Vec<DatasetResult>> {
        let api = Api {
            base: &self.api_url,
            headers: vec![
                ("Accept".to_owned(), "application/vnd.github+json".to_owned()),
                ("X-GitHub-Api-Version".to_owned(), "2022-11-28".to_owned()),
                ("Authorization".to_owned(), format!("Bearer {}", self.token)),
            ],
            client: Client::new(TIMEOUT, RETRIES, cx.settings.http_max_wait),
            cx,
        };
        let org = &self.org;
        let mut out = Vec::new();

        cx.progress.step("repos");
        let repos = api.list_all(&format!("/orgs/{org}/repos?type=all&per_page=100")).map(|all| {
            all.into_iter()
                .filter(|r| {
                    self.repos
                        .as_ref()
                        .is_none_or(|only| str_field(r, "name").is_some_and(|n| only.iter().any(|o| o == n)))
                })
                .collect::<Vec<_>>()
        });
        let repos_error = repos.as_ref().err().map(|e| format!("{e:#}"));
        let repo_list = repos.as_ref().map(Vec::as_slice).unwrap_or_default();
        out.push(match &repos {
            Ok(list) => {
                rows("repos", cx, list.iter().cloned(), |r| str_field(r, "name").unwrap_or_default().to_owned())
            }
            Err(e) => Err(DatasetError::new("repos", anyhow!("{e:#}"))),
        });
        let needs_repos = |dataset: &str| {
            repos_error
                .as_ref()
                .map(|e| DatasetError::new(dataset, anyhow!("needs the repository list, which failed: {e}")))
        };

        cx.progress.step("branch protection");
        out.push(match needs_repos("branch_protection") {
            Some(e) => Err(e),
            None => self.branch_protection(&api, repo_list, cx).map_err(|e| DatasetError::new("branch_protection", e)),
        });

        cx.progress.step("members");
        out.push(self.members(&api, cx).map_err(|e| DatasetError::new("members", e)));

        cx.progress.step("outside collaborators");
        out.push(
            api.list_all(&format!("/orgs/{org}/outside_collaborators?per_page=100"))
                .and_then(|list| {
                    rows("outside_collaborators", cx, list.into_iter(), |u| login(u).unwrap_or_default().to_owned())
                        .map_err(|e| e.error)
                })
                .map_err(|e| DatasetError::new("outside_collaborators", e)),
        );

        cx.progress.step("pull requests");
        out.push(match needs_repos("pulls") {
            Some(e) => Err(e),
            None => self.pulls(&api, repo_list, cx).map_err(|e| DatasetError::new("pulls", e)),
        });

        cx.progress.step("dependabot alerts");
        out.push(self.dependabot(&api, cx).map_err(|e| DatasetError::new("dependabot_alerts", e)));

        cx.progress.step("secret scanning alerts");
        out.push(self.secret_scanning(&api, cx).map_err(|e| DatasetError::new("secret_scanning_alerts", e)));
        Ok(out)
    }
}

/// A dataset from rows ordered by `key`.
fn rows(name: &str, cx: &Cx<'_>, items: impl Iterator<Item = Value>, key: impl Fn(&Value) -> String) -> DatasetResult {
    let mut ds = Dataset::new(name);
    for item in items {
        let k = key(&item);
        ds.push_sorted(cx, k, item).map_err(|e| DatasetError::new(name, e))?;
    }
    Ok(ds)
}

impl Github {
    fn full_name(&self, repo: &Value) -> String {
        str_field(repo, "full_name")
            .map(str::to_owned)
            .unwrap_or_else(|| format!("{}/{}", self.org, str_field(repo, "name").unwrap_or_default()))
    }

    fn branch_protection(&self, api: &Api<'_>, repos: &[Value], cx: &Cx<'_>) -> Result<Dataset> {
        let results = parallel_map(repos, |repo| -> Result<Option<Value>> {
            let name = str_field(repo, "name").unwrap_or_default();
            let Some(branch) = str_field(repo, "default_branch") else { return Ok(None) };
            let path = format!("/repos/{}/branches/{}/protection", self.full_name(repo), encode_branch(branch));
            let page = api.get(&path)?;
            let mut row = match page.status {
                200..=299 => match page.json(&path)? {
                    Value::Object(m) => m,
                    _ => bail!("GET {path}: expected a JSON object"),
                },
                404 => Map::new(),
                _ => return Err(page.error("GET", &format!("{}{path}", api.base))),
            };
            row.insert("protected".into(), Value::Bool(page.status != 404));
            row.insert("repo".into(), Value::from(name));
            row.insert("branch".into(), Value::from(branch));
            Ok(Some(Value::Object(row)))
        })?;
        let mut ds = Dataset::new("branch_protection");
        for row in results {
            if let Some(row) = row? {
                let key = str_field(&row, "repo").unwrap_or_default().to_owned();
                ds.push_sorted(cx, key, row)?;
            }
        }
        Ok(ds)
    }

    fn members(&self, api: &Api<'_>, cx: &Cx<'_>) -> Result<Dataset> {
        let org = &self.org;
        let all = api.list_all(&format!("/orgs/{org}/members?per_page=100"))?;
        let admins: BTreeSet<String> = api
            .list_all(&format!("/orgs/{org}/members?role=admin&per_page=100"))?
            .iter()
            .filter_map(|u| login(u).map(str::to_owned))
            .collect();
        // Only organization owners may filter by 2FA; otherwise the flag is unknown (null).
        let no_2fa: Option<BTreeSet<String>> = api
            .list(&format!("/orgs/{org}/members?filter=2fa_disabled&per_page=100"), &[403, 404, 422], |_| true)?
            .map(|list| list.iter().filter_map(|u| login(u).map(str::to_owned)).collect());
        let mut ds = Dataset::new("members");
        for mut user in all {
            let name = login(&user).unwrap_or_default().to_owned();
            if let Value::Object(m) = &mut user {
                m.insert("role".into(), Value::from(if admins.contains(&name) { "admin" } else { "member" }));
                m.insert(
                    "two_factor_disabled".into(),
                    no_2fa.as_ref().map_or(Value::Null, |set| Value::Bool(set.contains(&name))),
                );
            }
            ds.push_sorted(cx, name, user)?;
        }
        Ok(ds)
    }

    fn pulls(&self, api: &Api<'_>, repos: &[Value], cx: &Cx<'_>) -> Result<Dataset> {
        let since = self.pulls_since(cx.settings);
        // A merge pushes to the base branch, so a repository not pushed to since then has no merges since.
        let active: Vec<&Value> =
            repos.iter().filter(|r| timestamp(str_field(r, "pushed_at")).is_none_or(|p| p >= since)).collect();
        let results = parallel_map(&active, |repo| self.repo_pulls(api, repo, since))?;
        let mut ds = Dataset::new("pulls");
        for rows in results {
            for row in rows? {
                let key = format!(
                    "{}\0{:020}",
                    str_field(&row, "repo").unwrap_or_default(),
                    row.get("number").and_then(Value::as_u64).unwrap_or_default()
                );
                ds.push_sorted(cx, key, row)?;
            }
        }
        Ok(ds)
    }

    fn repo_pulls(&self, api: &Api<'_>, repo: &Value, since: DateTime<Utc>) -> Result<Vec<Value>> {
        let full = self.full_name(repo);
        let name = str_field(repo, "name").unwrap_or_default();
        // Sorted by last update, newest first: stop at the first one untouched since `since`.
        let closed = api
            .list(&format!("/repos/{full}/pulls?state=closed&sort=updated&direction=desc&per_page=100"), &[], |pr| {
                timestamp(str_field(pr, "updated_at")).is_none_or(|u| u >= since)
            })?
            .unwrap_or_default();
        let mut rows = Vec::new();
        for pr in closed {
            let Some(merged_at) = timestamp(str_field(&pr, "merged_at")) else { continue };
            if merged_at < since {
                continue;
            }
            let Some(number) = pr.get("number").and_then(Value::as_u64) else { continue };
            let detail = api.get_json(&format!("/repos/{full}/pulls/{number}"))?;
            let reviews = api.list_all(&format!("/repos/{full}/pulls/{number}/reviews?per_page=100"))?;
            let checks = match pr.get("head").and_then(|h| str_field(h, "sha")) {
                Some(sha) => head_checks(api, &full, sha)?,
                None => None,
            };
            let mut row = pull_row(name, &pr, &detail, &reviews);
            if let Value::Object(m) = &mut row {
                m.insert("ticket".into(), self.ticket(&pr).map_or(Value::Null, Value::from));
                m.insert("checks_state".into(), Value::from(checks_state(checks.as_deref())));
                m.insert("checks".into(), checks.map_or(Value::Null, Value::Array));
            }
            rows.push(row);
        }
        Ok(rows)
    }

    /// The first ticket reference in the title, the head branch, then the body.
    fn ticket(&self, pr: &Value) -> Option<String> {
        let re = self.ticket.as_ref()?;
        let head = pr.get("head").and_then(|h| str_field(h, "ref"));
        [str_field(pr, "title"), head, str_field(pr, "body")]
            .into_iter()
            .flatten()
            .find_map(|text| re.find(text).map(|m| m.as_str().to_owned()))
    }

    /// Secret-scanning alerts without the secret itself: only the fields named here are kept.
    fn secret_scanning(&self, api: &Api<'_>, cx: &Cx<'_>) -> Result<Dataset> {
        // 404: secret scanning is enabled on no repository, so there are no alerts; CRYPT-05's
        // github_repos_secret_scanning_disabled reports those repositories. A refusal (403) fails.
        let alerts = api
            .list(&format!("/orgs/{}/secret-scanning/alerts?per_page=100", self.org), &[404], |_| true)?
            .unwrap_or_default();
        let mut ds = Dataset::new("secret_scanning_alerts");
        for alert in alerts {
            let repo = alert.get("repository").and_then(|r| str_field(r, "name")).unwrap_or_default().to_owned();
            if self.repos.as_ref().is_some_and(|only| !only.contains(&repo)) {
                continue;
            }
            let number = alert.get("number").and_then(Value::as_u64).unwrap_or_default();
            let field = |key: &str| alert.get(key).cloned().unwrap_or(Value::Null);
            let user = |key: &str| alert.get(key).and_then(login).map_or(Value::Null, Value::from);
            let row = serde_json::json!({
                "repo": repo,
                "number": number,
                "state": field("state"),
                "secret_type": field("secret_type"),
                "secret_type_display_name": field("secret_type_display_name"),
                "validity": field("validity"),
                "created_at": field("created_at"),
                "updated_at": field("updated_at"),
                "resolved_at": field("resolved_at"),
                "resolution": field("resolution"),
                "resolution_comment": field("resolution_comment"),
                "resolved_by": user("resolved_by"),
                "push_protection_bypassed": field("push_protection_bypassed"),
                "push_protection_bypassed_by": user("push_protection_bypassed_by"),
                "publicly_leaked": field("publicly_leaked"),
                "html_url": field("html_url"),
            });
            ds.push_sorted(cx, format!("{repo}\0{number:020}"), row)?;
        }
        Ok(ds)
    }

    fn dependabot(&self, api: &Api<'_>, cx: &Cx<'_>) -> Result<Dataset> {
        let alerts = api.list_all(&format!("/orgs/{}/dependabot/alerts?per_page=100", self.org))?;
        let mut ds = Dataset::new("dependabot_alerts");
        for mut alert in alerts {
            let repo = alert.get("repository").and_then(|r| str_field(r, "name")).unwrap_or_default().to_owned();
            if self.repos.as_ref().is_some_and(|only| !only.contains(&repo)) {
                continue;
            }
            let severity = alert
                .get("security_vulnerability")
                .and_then(|v| str_field(v, "severity"))
                .or_else(|| alert.get("security_advisory").and_then(|v| str_field(v, "severity")))
                .map(str::to_owned);
            let number = alert.get("number").and_then(Value::as_u64).unwrap_or_default();
            if let Value::Object(m) = &mut alert {
                m.insert("repo".into(), Value::from(repo.clone()));
                m.insert("severity".into(), severity.map_or(Value::Null, Value::from));
            }
            ds.push_sorted(cx, format!("{repo}\0{number:020}"), alert)?;
        }
        Ok(ds)
    }
}

/// A `pulls` row: the columns docs/datasets.md lists.
fn pull_row(repo: &str, pr: &Value, detail: &Value, reviews: &[Value]) -> Value {
    let author = pr.get("user").and_then(login).unwrap_or_default().to_owned();
    let mut review_rows: Vec<(String, String, String)> = reviews
        .iter()
        .filter_map(|r| {
            let state = str_field(r, "state")?;
            if state == "PENDING" {
                return None;
            }
            let user = r.get("user").and_then(login).unwrap_or_default();
            Some((str_field(r, "submitted_at").unwrap_or_default().to_owned(), user.to_owned(), state.to_owned()))
        })
        .collect();
    review_rows.sort();
    let approvals: BTreeSet<&str> = review_rows
        .iter()
        .filter(|(_, user, state)| state == "APPROVED" && !user.is_empty() && *user != author)
        .map(|(_, user, _)| user.as_str())
        .collect();
    let reviews: Vec<Value> = review_rows
        .iter()
        .map(|(at, user, state)| {
            serde_json::json!({"user": user, "state": state, "submitted_at": if at.is_empty() { Value::Null } else { Value::from(at.as_str()) }})
        })
        .collect();
    let field = |key: &str| pr.get(key).cloned().unwrap_or(Value::Null);
    serde_json::json!({
        "repo": repo,
        "number": field("number"),
        "title": field("title"),
        "author": author,
        "created_at": field("created_at"),
        "merged_at": field("merged_at"),
        "merged_by": detail.get("merged_by").and_then(login),
        "base_ref": pr.get("base").and_then(|b| b.get("ref")).cloned().unwrap_or(Value::Null),
        "head_ref": pr.get("head").and_then(|b| b.get("ref")).cloned().unwrap_or(Value::Null),
        "merge_commit_sha": field("merge_commit_sha"),
        "html_url": field("html_url"),
        "head_sha": pr.get("head").and_then(|b| b.get("sha")).cloned().unwrap_or(Value::Null),
        "labels": pr.get("labels").and_then(Value::as_array).map_or(Value::Null, |ls| {
            Value::Array(ls.iter().filter_map(|l| str_field(l, "name")).map(Value::from).collect())
        }),
        "approvals": approvals.len(),
        "reviews": reviews,
    })
}

/// The checks of a pull request's head commit: its latest check runs (GitHub Actions and other
/// apps) and its commit statuses, as `{"name", "source", "conclusion"}` sorted by source and name.
/// `None` when the token may not read them (403, 404), so the state is `unknown`, never `none`.
fn head_checks(api: &Api<'_>, full: &str, sha: &str) -> Result<Option<Vec<Value>>> {
    let mut checks = Vec::new();
    let runs = format!("/repos/{full}/commits/{sha}/check-runs?per_page=100");
    let statuses = format!("/repos/{full}/commits/{sha}/status?per_page=100");
    for (path, source, list, name_key) in
        [(runs, "check_run", "check_runs", "name"), (statuses, "status", "statuses", "context")]
    {
        let page = api.get(&path)?;
        if matches!(page.status, 403 | 404) {
            return Ok(None);
        }
        if !page.ok() {
            return Err(page.error("GET", &format!("{}{path}", api.base)));
        }
        let body = page.json(&path)?;
        let Some(items) = body.get(list).and_then(Value::as_array) else {
            bail!("GET {path}: expected an object with `{list}`");
        };
        for item in items {
            // A check run in progress has no conclusion yet: its status (queued, in_progress) stands in.
            let conclusion = str_field(item, "conclusion")
                .or_else(|| str_field(item, "status"))
                .or_else(|| str_field(item, "state"));
            checks.push(serde_json::json!({
                "name": str_field(item, name_key),
                "source": source,
                "conclusion": conclusion,
            }));
        }
    }
    checks.sort_by(|a, b| {
        (str_field(a, "source"), str_field(a, "name")).cmp(&(str_field(b, "source"), str_field(b, "name")))
    });
    Ok(Some(checks))
}

/// One word for a head commit's checks: `failure` when any failed, `pending` when any has not
/// finished, `success` when at least one succeeded and the rest are neutral or skipped, `skipped`
/// when all were skipped or neutral, `none` when there were none, `unknown` when not readable.
fn checks_state(checks: Option<&[Value]>) -> &'static str {
    let Some(checks) = checks else { return "unknown" };
    let conclusions: Vec<&str> = checks.iter().map(|c| str_field(c, "conclusion").unwrap_or("")).collect();
    let failed = ["failure", "error", "cancelled", "timed_out", "action_required", "startup_failure", "stale"];
    if conclusions.iter().any(|c| failed.contains(c)) {
        "failure"
    } else if conclusions.iter().any(|c| !matches!(*c, "success" | "neutral" | "skipped")) {
        "pending"
    } else if conclusions.contains(&"success") {
        "success"
    } else if conclusions.is_empty() {
        "none"
    } else {
        "skipped"
    }
}

/// A branch name in a URL path: `/` kept (GitHub routes it), the rest percent-encoded.
fn encode_branch(branch: &str) -> String {
    branch.split('/').map(client::encode).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approvals_count_distinct_reviewers_other_than_the_author() {
        let pr =
            serde_json::json!({"number": 7, "user": {"login": "ann"}, "base": {"ref": "main"}, "head": {"ref": "fix"}});
        let detail = serde_json::json!({"merged_by": {"login": "bob"}});
        let review = |user: &str, state: &str, at: &str| serde_json::json!({"user": {"login": user}, "state": state, "submitted_at": at});
        let reviews = [
            review("bob", "APPROVED", "2026-01-02T00:00:00Z"),
            review("bob", "APPROVED", "2026-01-01T00:00:00Z"),
            review("ann", "APPROVED", "2026-01-01T00:00:00Z"),
            review("cid", "CHANGES_REQUESTED", "2026-01-01T00:00:00Z"),
            serde_json::json!({"user": {"login": "dan"}, "state": "PENDING"}),
        ];
        let row = pull_row("api", &pr, &detail, &reviews);
        assert_eq!(row["approvals"], 1);
        assert_eq!(row["merged_by"], "bob");
        assert_eq!(row["author"], "ann");
        assert_eq!(row["reviews"].as_array().unwrap().len(), 4);
        assert_eq!(
            row["reviews"][0],
            serde_json::json!({"user": "ann", "state": "APPROVED", "submitted_at": "2026-01-01T00:00:00Z"})
        );
    }

    #[test]
    fn checks_state_names_the_worst_outcome() {
        let c = |conclusion: &str| serde_json::json!({"name": "ci", "source": "check_run", "conclusion": conclusion});
        assert_eq!(checks_state(None), "unknown");
        assert_eq!(checks_state(Some(&[])), "none");
        assert_eq!(checks_state(Some(&[c("success"), c("skipped")])), "success");
        assert_eq!(checks_state(Some(&[c("skipped"), c("neutral")])), "skipped");
        assert_eq!(checks_state(Some(&[c("success"), c("in_progress")])), "pending");
        assert_eq!(checks_state(Some(&[c("success"), c("pending"), c("timed_out")])), "failure");
        assert_eq!(checks_state(Some(&[c("error")])), "failure");
    }

    #[test]
    fn the_default_ticket_pattern_finds_jira_style_keys() {
        let re = regex::Regex::new(DEFAULT_TICKET_PATTERN).unwrap();
        assert_eq!(re.find("OPS-123 fix retries").map(|m| m.as_str()), Some("OPS-123"));
        assert_eq!(re.find("feat/ENG-9-rate-limit").map(|m| m.as_str()), Some("ENG-9"));
        assert!(re.find("Bump serde from 1.0.1 to 1.0.2").is_none());
        // Any key-like word counts (`UTF-8` too): name your projects' keys for precision.
        assert_eq!(re.find("UTF-8 handling").map(|m| m.as_str()), Some("UTF-8"));
    }
}
