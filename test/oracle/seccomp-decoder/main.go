// Command seccomp-decoder decodes seccomp profiles the way Docker's engine does: encoding/json into
// a type shaped like moby/profiles' Seccomp (the runtime-spec LinuxSeccomp embedded, its syscalls
// overridden by the outer field), and says what the engine kept of the two fields that decide
// whether the profile filters anything: defaultAction and the number of syscall rules.
//
// One JSON string (the profile's text) per stdin line; one JSON object per stdout line with
// valid (json.Valid: what Compose v2's json.Compact requires), error (Unmarshal's, or empty),
// defaultAction and rules (the number of syscall rules).
package main

import (
	"bufio"
	"encoding/json"
	"os"
)

// linuxSeccomp holds the runtime-spec fields the verdict reads (unknown fields are ignored, as there).
type linuxSeccomp struct {
	DefaultAction string            `json:"defaultAction"`
	Syscalls      []json.RawMessage `json:"syscalls,omitempty"`
}

// seccomp mirrors moby's Seccomp: LinuxSeccomp embedded, Syscalls declared again at the top level.
type seccomp struct {
	linuxSeccomp
	Syscalls []json.RawMessage `json:"syscalls"`
}

type answer struct {
	Valid         bool   `json:"valid"`
	Error         string `json:"error"`
	DefaultAction string `json:"defaultAction"`
	Rules         int    `json:"rules"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 4<<20), 4<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var text string
		if err := json.Unmarshal(in.Bytes(), &text); err != nil {
			panic(err)
		}
		var profile seccomp
		result := answer{Valid: json.Valid([]byte(text))}
		if err := json.Unmarshal([]byte(text), &profile); err != nil {
			result.Error = err.Error()
		}
		result.DefaultAction = profile.DefaultAction
		result.Rules = len(profile.Syscalls)
		if err := out.Encode(result); err != nil {
			panic(err)
		}
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}
