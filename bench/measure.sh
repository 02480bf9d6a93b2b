# shellcheck shell=bash
# shellcheck disable=SC2154  # $work and $SOC2 are set by the script that sources this
# Sourced by the benchmarks that run soc2 on a generated repo ($SOC2, $work/repo).

now() { date +%s.%N; }

# measure LABEL ARGS...: wall time and peak RSS of one soc2 run on $work/repo, and its last
# stderr line; its stdout is left in $work/out.json.
measure() {
  local label=$1 t0 t1 rss
  shift
  t0="$(now)"
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v -o "$work/time.txt" "$SOC2" -C "$work/repo" "$@" >"$work/out.json" 2>"$work/err.txt"
    rss="$(awk -F': ' '/Maximum resident set size/ { printf "%.0f MiB", $2 / 1024 }' "$work/time.txt")"
  else
    "$SOC2" -C "$work/repo" "$@" >"$work/out.json" 2>"$work/err.txt"
    rss="?"
  fi
  t1="$(now)"
  printf '%-8s %7.2f s   peak RSS %-9s %s\n' "$label" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
    "$rss" "$(tail -n 1 "$work/err.txt")"
}
