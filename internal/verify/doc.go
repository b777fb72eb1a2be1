// Package verify proves, on the live Azure resources, that every link of a
// privatepull stack's private pull path holds after `pulumi up`: the registry's
// settings and credential sets, its private endpoints and their network
// interfaces, the private DNS records and VNet links, the AcrPull grants, the
// Container Apps environment and where its logs go, the container apps and the
// web apps; on request it starts the in-VNet probe job and, when the probe
// fails, prints its own log lines from Log Analytics. It reads the stack outputs (as `pulumi stack output --json` prints
// them), reads the resources through Azure Resource Manager and reports one
// Result per check: PASS, FAIL or WARN, what it found, what it expected and,
// for a failure, how to fix it.
//
// The package does not import the Pulumi components: the stack outputs are its
// only contract with the program.
package verify
