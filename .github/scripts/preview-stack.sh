#!/usr/bin/env bash
# Usage: preview-stack.sh --stack <name>
#
# Runs `pulumi preview --stack <name> --diff` and nothing else: a preview writes no state, takes
# no lock and changes nothing in Azure (the preview jobs' identities could not anyway: they are
# read-only). The output goes to the log as it comes, to the job summary, and to the step output
# `plan` (its last 55,000 characters, whole lines: a PR comment holds at most 65,536), which the
# comment job posts on the pull request. Exits with pulumi's status.
set -uo pipefail

if [[ $# -ne 2 || "$1" != --stack || -z "$2" ]]; then
  echo "usage: preview-stack.sh --stack <name>" >&2
  exit 2
fi
stack=$2
output=$(mktemp)
status=0
pulumi preview --stack "$stack" --diff --non-interactive --color never 2>&1 | tee "$output" || status=$?

limit=55000
plan=$(cat "$output")
if (( $(wc -c < "$output") > limit )); then
  # Keep the end (the summary and any error) and drop the first, cut line.
  plan="(first part cut: the whole output is in the job log)
$(tail -c "$limit" "$output" | sed 1d)"
fi

delimiter="PLAN_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
{
  echo "plan<<${delimiter}"
  printf '%s\n' "$plan"
  echo "${delimiter}"
} >> "${GITHUB_OUTPUT:-/dev/null}"
{
  echo "### pulumi preview --stack ${stack} (exit status ${status})"
  echo
  echo '```text'
  printf '%s\n' "$plan"
  echo '```'
} >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
exit "$status"
