package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// fixtureServers is a fleet of servers the fixture names by number rather
// than one by one: count servers whose ids are idFormat with the number
// (from 1), each with an outcome of InvokeCommand of its own where the
// fixture sets one. Numbers are keys such as "7", or ranges such as "4-6".
type fixtureServers struct {
	IDFormat string `json:"idFormat"`
	Count    int    `json:"count"`
	RegionID string `json:"regionId"`
	// Status is every server's, InstanceRunning when empty.
	Status string `json:"status"`
	// NoAgent are the servers whose agent is not installed: InvokeCommand
	// ends their runs Invalid with ClientNotRunning (agent.go says why).
	NoAgent []string `json:"noAgent"`
	// AgentOnlineAfter is, for the servers named, how long after the
	// fixture is loaded their agent comes online; until then it is
	// offline as NoAgent's is.
	AgentOnlineAfter map[string]duration `json:"agentOnlineAfter"`
	// Outcomes is InvokeCommand's outcome on the servers named, as
	// invokeCommand's instances; the others take invokeCommand's default.
	Outcomes map[string]fixtureTimeline `json:"outcomes"`
}

// maxFixtureServers bounds a fleet of the fixture: a typo of a few more
// zeros would otherwise fill the memory. It is the emulator's own bound,
// not a rule of the API (assumed large enough for any test).
const maxFixtureServers = 100_000

// expand adds the fleet's servers to the fixture's instances, and their
// outcomes to its invokeCommand's.
func (fs *fixtureServers) expand(f *fixture) error {
	if fs.Count < 1 || fs.Count > maxFixtureServers {
		return fmt.Errorf("fleet %q: count must be 1 to %d", fs.IDFormat, maxFixtureServers)
	}
	if one, two := fmt.Sprintf(fs.IDFormat, 1), fmt.Sprintf(fs.IDFormat, 2); one == two || strings.Contains(one, "%!") {
		return fmt.Errorf("fleet %q: idFormat must hold one %%d, such as \"fleet-%%03d\"", fs.IDFormat)
	}
	status := fs.Status
	if status == "" {
		status = InstanceRunning
	}
	noAgent, err := fs.numbers(fs.NoAgent)
	if err != nil {
		return err
	}
	late := map[int]time.Duration{}
	for key, d := range fs.AgentOnlineAfter {
		ns, err := fs.numbers([]string{key})
		if err != nil {
			return err
		}
		for n := range ns {
			late[n] = time.Duration(d)
		}
	}
	for n := 1; n <= fs.Count; n++ {
		f.Instances = append(f.Instances, fixtureInstance{ID: fmt.Sprintf(fs.IDFormat, n), RegionID: fs.RegionID,
			Status: status, NoAgent: noAgent[n], AgentOnlineAfter: duration(late[n])})
	}
	if len(fs.Outcomes) == 0 {
		return nil
	}
	if f.InvokeCommand == nil {
		f.InvokeCommand = &fixtureFleet{}
	}
	if f.InvokeCommand.Instances == nil {
		f.InvokeCommand.Instances = map[string]fixtureTimeline{}
	}
	for key, timeline := range fs.Outcomes {
		ns, err := fs.numbers([]string{key})
		if err != nil {
			return err
		}
		for n := range ns {
			f.InvokeCommand.Instances[fmt.Sprintf(fs.IDFormat, n)] = timeline
		}
	}
	return nil
}

// numbers reads keys such as "7" and "4-6" as the servers they name.
func (fs *fixtureServers) numbers(keys []string) (map[int]bool, error) {
	named := map[int]bool{}
	for _, key := range keys {
		from, to, isRange := strings.Cut(key, "-")
		if !isRange {
			to = from
		}
		first, err1 := strconv.Atoi(from)
		last, err2 := strconv.Atoi(to)
		if err1 != nil || err2 != nil || first < 1 || last < first || last > fs.Count {
			return nil, fmt.Errorf("fleet %q: %q names no servers: write a number from 1 to %d, or a range such as \"4-6\"",
				fs.IDFormat, key, fs.Count)
		}
		for n := first; n <= last; n++ {
			named[n] = true
		}
	}
	return named, nil
}
