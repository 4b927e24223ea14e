/**
 * Go files in the shape of k3s's pkg/cli/cmds and pkg/daemons/config (flag variables, inline
 * literals, constants in another file, the server and agent commands, CriticalControlArgs), written
 * for these tests: our own text, not copies of upstream's.
 */

/** A package in the shape of pkg/cli/cmds: flag variables, inline literals, constants in another file, two commands. */
export const SERVER = `package cmds

import (
	"time"
	"github.com/k3s-io/k3s/pkg/version"
	"github.com/urfave/cli/v2"
)

const defaultKeep = 7

// A comment with a lookalike: &cli.StringFlag{Name: "not-a-flag"}
/* and another: &cli.Command{Name: "server"} */
var (
	Config Settings
	HomeFlag = &cli.StringFlag{
		Name:        "home",
		Aliases:     []string{"h"},
		Usage:       "(data) Where state lives, default /var/lib/" + version.Program,
		Destination: &Config.Home,
		EnvVars:     []string{version.ProgramUpper + "_HOME"},
	}
	PodRange = &cli.StringSliceFlag{
		Name:        "pod-range",
		Usage:       "(networking) Pod CIDRs (default: 10.1.0.0/16)",
		Destination: &Config.PodRange,
	}
	ExtraWidgetArgs = &cli.StringSliceFlag{
		Name:        "widget-arg",
		Usage:       "(flags) Customized flag for the widget",
		Destination: &Config.ExtraWidgetArgs,
	}
)

var ServerFlags = []cli.Flag{
	HomeFlag,
	PodRange,
	&cli.StringFlag{
		Name:  "mode",
		Usage: "(networking) One of 'fast', 'safe'",
		Value: "safe",
	},
	&cli.DurationFlag{
		Name:  "tick",
		Usage: "(db) Tick interval",
		Value: 90 * time.Second,
	},
	&cli.IntFlag{
		Name:  "keep",
		Usage: "(db) Number to keep",
		Value: defaultKeep,
	},
	&cli.IntFlag{
		Name:   "port",
		Usage:  "(experimental) Port override",
		Hidden: true,
	},
	&cli.BoolFlag{
		Name:  "secure",
		Usage: \`Raw usage with "quotes"\`,
		Value: true,
	},
	&cli.StringSliceFlag{
		Name:  "disable",
		Usage: "(components) Do not deploy (valid values: " + DisableItems + ")",
	},
	&cli.StringFlag{
		Name:  "agent-token",
		Usage: "(cluster) Agent secret",
	},
	&cli.BoolFlag{
		Name:  "disable-kube-proxy",
		Usage: "(components) No kube-proxy",
	},
	&cli.StringFlag{
		Name:  "old-image",
		Usage: "(helm) (deprecated) Use --widget-arg instead",
	},
	ExtraWidgetArgs,
	&cli.StringSliceFlag{
		Hidden:      true,
		Name:        "widget-legacy-arg",
		Usage:       "(flags) Customized flag for the widget",
		Destination: &Config.ExtraWidgetArgs,
	},
}

func NewServerCommand(action func(*cli.Context) error) *cli.Command {
	return &cli.Command{
		Name:      "server",
		UsageText: appName + " server [OPTIONS]",
		Action:    func(c *cli.Context) error { return action(c) },
		Flags:     ServerFlags,
	}
}
`;

export const AGENT = `package cmds

var (
	appName = filepath.Base(os.Args[0])
	NodeFlag = &cli.StringFlag{
		Name:  "node",
		Usage: "(agent/node) Node name",
		Value: DefaultNode,
	}
)

func NewAgentCommand(action func(ctx *cli.Context) error) *cli.Command {
	return &cli.Command{
		Name:   "agent",
		Action: action,
		Flags: []cli.Flag{
			HomeFlag,
			&cli.StringFlag{
				Name:  "home",
				Usage: "(agent/data) The agent's own text",
			},
			NodeFlag,
			PodRange,
		},
	}
}
`;

export const CONSTS = `//go:build linux

package cmds

const (
	DisableItems = "dns, lb"
	DefaultNode  string = "node-" + "1"
)
`;

export const TYPES = `package config

type Other struct {
	Field string \`cli:"home"\`
}

// CriticalControlArgs: every server must agree.
type CriticalControlArgs struct {
	PodRanges  []string \`cli:"pod-range"\`
	PodRange   string   \`cli:"pod-range"\`
	Mode       string   \`json:"mode" cli:"mode"\`
	NoLB       bool     \`cli:"disable-service-lb"\`
}
`;

export const files = (server = SERVER): Record<string, string> => ({
  'pkg/cli/cmds/server.go': server, 'pkg/cli/cmds/agent.go': AGENT, 'pkg/cli/cmds/stage.go': CONSTS, 'pkg/daemons/config/types.go': TYPES,
});
