package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// deprecatedEnvironmentInputs names the deprecated inputs that describe an
// environment the workload creates itself.
const deprecatedEnvironmentInputs = "environmentName, infrastructureSubnetId, internal, vnetId, workloadProfiles, " +
	"logAnalyticsWorkspaceId, logAnalyticsWorkspaceName"

// composesEnvironment reports whether any deprecated environment input is
// given: the workload then creates the environment, as
// ContainerAppsEnvironment does.
func (a *ContainerAppWorkloadArgs) composesEnvironment() bool {
	return a.EnvironmentName != "" || isSet(a.InfrastructureSubnetID) || a.Internal || isSet(a.VnetID) ||
		len(a.WorkloadProfiles) > 0 || isSet(a.LogAnalyticsWorkspaceID) || a.LogAnalyticsWorkspaceName != ""
}

// environmentArgs are the ContainerAppsEnvironment args of the deprecated
// environment inputs.
func (a *ContainerAppWorkloadArgs) environmentArgs() *ContainerAppsEnvironmentArgs {
	return &ContainerAppsEnvironmentArgs{
		EnvironmentName:           a.EnvironmentName,
		Location:                  a.Location,
		ResourceGroupName:         a.ResourceGroupName,
		InfrastructureSubnetID:    a.InfrastructureSubnetID,
		Internal:                  a.Internal,
		VnetID:                    a.VnetID,
		WorkloadProfiles:          a.WorkloadProfiles,
		LogAnalyticsWorkspaceID:   a.LogAnalyticsWorkspaceID,
		LogAnalyticsWorkspaceName: a.LogAnalyticsWorkspaceName,
		Tags:                      a.Tags,
	}
}

// checkEnvironment accepts exactly one way of naming the apps' environment:
// environmentId, or the deprecated environmentName and
// infrastructureSubnetId (with the other deprecated environment inputs,
// checked as ContainerAppsEnvironment checks them).
func (a *ContainerAppWorkloadArgs) checkEnvironment() error {
	switch {
	case isSet(a.EnvironmentID) && a.composesEnvironment():
		return fmt.Errorf("environmentId and the deprecated environment inputs (%s) exclude each other: "+
			"give environmentId (e.g. ContainerAppsEnvironment's) and none of them", deprecatedEnvironmentInputs)
	case isSet(a.EnvironmentID):
		if err := checkKnownIDs([]idCheck{{a.EnvironmentID, TypeManagedEnvironment}}); err != nil {
			return fmt.Errorf("environmentId: %w", err)
		}
		return nil
	case a.EnvironmentName == "" || !isSet(a.InfrastructureSubnetID):
		return fmt.Errorf("environmentId is required (e.g. ContainerAppsEnvironment's environmentId), or, " +
			"deprecated, environmentName and infrastructureSubnetId both")
	}
	if err := a.environmentArgs().check(); err != nil {
		return fmt.Errorf("environmentName (deprecated: compose ContainerAppsEnvironment instead): %w", err)
	}
	return nil
}

// environment returns the id of the apps' environment and what every app
// waits for explicitly: environmentId and PullDependencies; or, with the
// deprecated environment inputs, the environment it registers through
// ContainerAppsEnvironment's builder as the workload's own children under
// the names they had before ContainerAppsEnvironment existed, and
// PullDependencies plus the environment's diagnostic setting. It sets the
// component's environment outputs (only environmentId with environmentId).
func (a *ContainerAppWorkloadArgs) environment(ctx *pulumi.Context, name string, component *ContainerAppWorkload,
	child []pulumi.ResourceOption) (pulumi.StringOutput, []pulumi.Resource, error) {
	if isSet(a.EnvironmentID) {
		empty := pulumi.String("").ToStringOutput()
		component.EnvironmentID = checkedID(a.EnvironmentID, TypeManagedEnvironment)
		component.DefaultDomain, component.StaticIP = empty, empty
		component.LogAnalyticsWorkspaceID, component.LogAnalyticsCustomerID = empty, empty
		return component.EnvironmentID, a.PullDependencies, nil
	}
	parts, err := buildEnvironment(ctx, name, a.environmentArgs(), child)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	component.EnvironmentID = parts.environment.ID().ToStringOutput()
	component.DefaultDomain, component.StaticIP = parts.environment.DefaultDomain, parts.environment.StaticIp
	component.LogAnalyticsWorkspaceID, component.LogAnalyticsCustomerID = parts.logs.workspaceID, parts.logs.customerID
	deps := append(append([]pulumi.Resource{}, a.PullDependencies...), parts.logs.setting)
	return component.EnvironmentID, deps, nil
}
