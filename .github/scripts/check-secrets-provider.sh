#!/usr/bin/env bash
# Usage: check-secrets-provider.sh <stack>
#
# Passes when Pulumi.<stack>.yaml names an Azure Key Vault secrets provider
# (`secretsprovider: azurekeyvault://<vault>.vault.azure.net/keys/<key>`) and carries the data
# key it wrapped (`encryptedkey:`). Otherwise it fails with a ::error:: annotation, the commands
# that switch the stack, and the same text in the job summary.
#
# The jobs that run prod (deploy.yml prod, preview.yml preview-prod, image.yml on prod) get no
# PULUMI_CONFIG_PASSPHRASE: prod's secrets are decrypted by Key Vault, with the Key Vault Crypto
# User right that only prod's identities hold on the key. A stack file without those two lines
# would make Pulumi fall back to a passphrase it does not have, so the job stops here first with
# a message that says what to do. The shipped Pulumi.prod.yaml has neither line (it stays loadable
# without a vault): they appear when you run `pulumi stack init` or
# `pulumi stack change-secrets-provider` against your own vault, and you commit them.
set -euo pipefail

stack=${1:?usage: check-secrets-provider.sh <stack>}
file="Pulumi.${stack}.yaml"
if [[ ! -f "$file" ]]; then
  echo "::error title=No stack file::${file} does not exist: run this from the project directory"
  exit 1
fi

provider=$(sed -n 's/^secretsprovider:[[:space:]]*//p' "$file" | tr -d "\"'" | head -n 1)
if [[ "$provider" == azurekeyvault://* ]] && grep -q '^encryptedkey:[[:space:]]*[^[:space:]]' "$file"; then
  echo "Stack ${stack} decrypts its secrets with Azure Key Vault (${provider}); no passphrase is used."
  exit 0
fi

found=${provider:-none, so Pulumi would use a passphrase}
if [[ "$provider" == azurekeyvault://* ]]; then
  found="${provider} but no encryptedkey line"
fi
echo "::error file=${file},title=Stack ${stack} has no Key Vault secrets provider::${file} must name an Azure Key Vault secrets provider (secretsprovider: azurekeyvault://<vault>.vault.azure.net/keys/<key>, plus its encryptedkey line); found: ${found}. This job gets no PULUMI_CONFIG_PASSPHRASE, so it cannot decrypt ${stack}'s secrets. The commands that switch the stack follow in the log and the job summary."
report=$(cat <<TEXT
### Stack \`${stack}\` has no Azure Key Vault secrets provider

\`${file}\` has no \`secretsprovider: azurekeyvault://...\` line with its \`encryptedkey\` (found: ${found}).
The ${stack} jobs receive no passphrase: ${stack}'s secrets are decrypted by an Azure Key Vault key
that only ${stack}'s identities may use (Key Vault Crypto User on the key). Switch the stack once,
with an identity that has Key Vault Crypto Officer on the vault (and, for an existing stack, the
current passphrase in PULUMI_CONFIG_PASSPHRASE), then commit the file:

\`\`\`sh
az keyvault key create --vault-name <vault> --name pulumi-${stack} --kty RSA --size 3072 --ops encrypt decrypt
pulumi login "<PULUMI_BACKEND_URL>"
# an existing stack (re-encrypts its config and state):
pulumi stack change-secrets-provider --stack ${stack} "azurekeyvault://<vault>.vault.azure.net/keys/pulumi-${stack}"
# or a new stack:
pulumi stack init ${stack} --secrets-provider "azurekeyvault://<vault>.vault.azure.net/keys/pulumi-${stack}"
git add ${file} && git commit -m "${stack}: Azure Key Vault secrets provider"
\`\`\`

See docs/ci-cd.md for the vault, the key's role assignments and the identities.
TEXT
)
echo "$report"
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  echo "$report" >> "$GITHUB_STEP_SUMMARY"
fi
exit 1
