#!/usr/bin/env bash
# The examples through the command line, as a user runs them (CI: npm run examples):
#   the classical bound exits 0; the deliberately wrong constant exits 1 within 60 s, naming its theorem
#   and printing a replay command; the strongly convex example's halved constant exits 1 on its committed
#   worst-case certificates; a module without a catalog exits 2 naming the file.
set -uo pipefail
cd "$(dirname "$0")/.."
cli=(node bin/fwa-theorems.mjs)
fail() { echo "examples: $*" >&2; exit 1; }

for ok in examples/subgradient-averaging.ts examples/weighted-averaging-stability.ts examples/strongly-convex-weighted-averaging.ts; do
  "${cli[@]}" check "$ok" || fail "$ok: expected exit 0"
done

start=$SECONDS
out=$(timeout 60 "${cli[@]}" check examples/subgradient-averaging-wrong.ts)
rc=$?
echo "$out"
[ "$rc" -eq 1 ] || fail "examples/subgradient-averaging-wrong.ts: expected exit 1, got $rc"
grep -q 'VIOLATED .*bubeck15-averaged-subgradient-halved' <<<"$out" || fail "the refutation does not name the theorem"
grep -q 'replay: npx fwa-theorems check examples/subgradient-averaging-wrong.ts' <<<"$out" || fail "no replay command"
echo "examples: the wrong constant refuted in $((SECONDS - start)) s (limit 60 s)"

# The strongly convex theorem's halved constant, refuted by committed worst-case certificates (a realised
# instance of the class bounds the worst case from below), with no solver and no hand-made instance.
out=$("${cli[@]}" check examples/strongly-convex-weighted-averaging-wrong.ts)
rc=$?
echo "$out"
[ "$rc" -eq 1 ] || fail "examples/strongly-convex-weighted-averaging-wrong.ts: expected exit 1, got $rc"
grep -q 'VIOLATED .*ljsb12-weighted-average-halved' <<<"$out" || fail "the strongly convex refutation does not name the theorem"
grep -q 'resting on certificate' <<<"$out" || fail "the strongly convex refutation does not rest on a certificate"

err=$("${cli[@]}" check properties/fixtures/catalogs/no-catalog.ts 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "a module without a catalog: expected exit 2, got $rc"
grep -q 'no-catalog.ts' <<<"$err" || fail "the bad-input message does not name the file: $err"
echo "examples: ok"
