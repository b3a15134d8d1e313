# shellcheck shell=bash
# shellcheck disable=SC2154 # $root, $work and the settings are globals of bin/chaos
# bin/chaos: the summary (markdown, printed and written to $work/report.md) and $work/report.json.
# Reads $work/load/requests-*.tsv, $work/faults.tsv, $work/checks.tsv, $work/counts.tsv. Sourced by bin/chaos.
# Expects: $work, $CHAOS_MODE, $CHAOS_DURATION, $CHAOS_SLOTS, $CHAOS_CLIENTS, $CHAOS_SETTLE_TIME, $CHAOS_WALL,
# $CHAOS_MISMATCHES, $CHAOS_CRASHES, $CHAOS_LOAD_START (epoch ms), $CHAOS_SETTINGS.

# Requests by kind: kind total 2xx 4xx 5xx connect timeout dropped max_ms (TSV, with a "all" line).
chaos_request_table() {
  cat "$work"/load/requests-*.tsv 2>/dev/null | awk -F'\t' '
    { k = $3; n[k]++; c[k, $5]++; if ($7 > mx[k]) mx[k] = $7
      N++; C[$5]++; if ($7 > MX) MX = $7 }
    END {
      split("2xx 4xx 5xx connect timeout dropped", cls, " ")
      for (k in n) { printf "%s\t%d", k, n[k]; for (i = 1; i <= 6; i++) printf "\t%d", c[k, cls[i]]; printf "\t%d\n", mx[k] }
      printf "all\t%d", N; for (i = 1; i <= 6; i++) printf "\t%d", C[cls[i]]; printf "\t%d\n", MX
    }' | sort -t$'\t' -k1,1 | awk -F'\t' '$1 != "all"; $1 == "all" { last = $0 } END { if (last) print last }'
}

# 4xx answers by status code, e.g. "402: 31, 409: 12".
chaos_4xx_codes() {
  cat "$work"/load/requests-*.tsv 2>/dev/null | awk -F'\t' '$5 == "4xx" { n[$6]++ }
    END { s = ""; for (c in n) s = s (s == "" ? "" : ", ") c ": " n[c]; print (s == "" ? "none" : s) }'
}

# Faults with the failed requests (5xx, connect, timeout, dropped) from the fault's start until 5 s after its
# recovery (the later of "APIs ready" and "/health 200"), and the failed requests outside every such window.
chaos_fault_table() {
  awk -F'\t' -v limit="$CHAOS_RECOVERY_LIMIT" '
    FNR == NR {
      f[++nf] = $0; s[nf] = $2
      r = ($4 == "never" || $5 == "never") ? limit : ($4 > $5 ? $4 : $5)
      e[nf] = $3 + (r + 5) * 1000
      next
    }
    $5 != "2xx" && $5 != "4xx" {
      hit = 0
      for (i = 1; i <= nf; i++) if ($1 >= s[i] && $1 <= e[i]) { failed[i]++; hit = 1 }
      if (!hit) outside++
    }
    END {
      for (i = 1; i <= nf; i++) printf "%s\t%d\n", f[i], failed[i]
      printf "outside\t%d\n", outside
    }' "$work/faults.tsv" <(cat "$work"/load/requests-*.tsv 2>/dev/null)
}

chaos_report() {
  local md="$work/report.md" verdict
  verdict=PASS
  ((CHAOS_MISMATCHES == 0)) || verdict="FAIL ($CHAOS_MISMATCHES mismatches)"
  {
    echo "# bin/chaos $CHAOS_MODE run, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "2 APIs + 2 workers, $CHAOS_CLIENTS clients, load $CHAOS_DURATION s, campaign of $CHAOS_SLOTS slots" \
      "(plus an open one), settled $CHAOS_SETTLE_TIME s after the load, wall clock $CHAOS_WALL s. Result: **$verdict**"
    echo
    echo "Settings: $CHAOS_SETTINGS."
    echo
    echo "## Faults and recovery (seconds from the end of the fault)"
    echo
    echo "| fault | at (s into the load) | down (s) | APIs ready | /health 200 | first login -> voucher | failed requests (until recovered + 5 s) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    chaos_fault_table | awk -F'\t' -v t0="$CHAOS_LOAD_START" '
      $1 == "outside" { outside = $2; next }
      { printf "| %s | %.1f | %.1f | %s | %s | %s | %d |\n", $1, ($2 - t0) / 1000, ($3 - $2) / 1000, $4, $5, $6, $7 }
      END { printf "\nFailed requests outside every fault window: %d\n", outside }'
    echo
    echo "## Requests by kind"
    echo
    echo "| request | total | 2xx | 4xx | 5xx | connect | timeout | dropped | slowest (ms) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    chaos_request_table | awk -F'\t' '{ printf "| %s |", $1; for (i = 2; i <= 9; i++) printf " %s |", $i; print "" }'
    echo
    echo "4xx by status: $(chaos_4xx_codes). connect: refused; timeout: no answer within ${CHAOS_REQUEST_TIMEOUT} s;" \
      "dropped: the connection closed before an answer. Failures during faults are expected and reported, not checked."
    echo
    echo "## Reconciliation (PostgreSQL)"
    echo
    echo "| check | expected | found | |"
    echo "| --- | ---: | ---: | --- |"
    awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$work/checks.tsv"
    echo
    echo "| figure | value |"
    echo "| --- | ---: |"
    awk -F'\t' '{ printf "| %s | %s |\n", $1, $2 }' "$work/counts.tsv"
    if ((CHAOS_CRASHES > 0)); then
      echo
      echo "Processes that exited without being killed by the run: $CHAOS_CRASHES (see the logs in $work)."
    fi
  } >"$md"

  jq -n --arg mode "$CHAOS_MODE" --argjson duration "$CHAOS_DURATION" --argjson slots "$CHAOS_SLOTS" \
    --argjson clients "$CHAOS_CLIENTS" --arg settle "$CHAOS_SETTLE_TIME" --argjson wall "$CHAOS_WALL" \
    --argjson mismatches "$CHAOS_MISMATCHES" --argjson crashes "$CHAOS_CRASHES" --arg settings "$CHAOS_SETTINGS" \
    --rawfile faults <(chaos_fault_table) --rawfile requests <(chaos_request_table) \
    --rawfile checks "$work/checks.tsv" --rawfile counts "$work/counts.tsv" '
    def rows($s): $s | split("\n") | map(select(length > 0) | split("\t"));
    {mode: $mode, loadSeconds: $duration, slots: $slots, clients: $clients, settledSeconds: $settle,
     wallSeconds: $wall, settings: $settings, mismatches: $mismatches, unexpectedExits: $crashes,
     faults: [rows($faults)[] | select(.[0] != "outside") | {fault: .[0], startMs: (.[1] | tonumber),
       endMs: (.[2] | tonumber), readySeconds: .[3], healthSeconds: .[4], firstLoginVoucherSeconds: .[5],
       failedRequests: (.[6] | tonumber)}],
     failedOutsideFaults: ([rows($faults)[] | select(.[0] == "outside") | .[1] | tonumber] | first),
     requests: [rows($requests)[] | {kind: .[0], total: (.[1] | tonumber), "2xx": (.[2] | tonumber),
       "4xx": (.[3] | tonumber), "5xx": (.[4] | tonumber), connect: (.[5] | tonumber),
       timeout: (.[6] | tonumber), dropped: (.[7] | tonumber), slowestMs: (.[8] | tonumber)}],
     checks: [rows($checks)[] | {check: .[0], expected: .[1], found: .[2], result: .[3]}],
     figures: [rows($counts)[] | {figure: .[0], value: .[1]}]}' >"$work/report.json"
  cat "$md"
}
