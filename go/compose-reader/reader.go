// Package main reads a Compose project with compose-go, the loader Docker Compose v2 runs, and
// prints its canonical model as JSON. The same program is built natively (the oracle) and for
// WebAssembly (shipped in the npm package), so the audit judges what `docker compose up` runs.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
)

// request says what to load, as the options of `docker compose` say it.
type request struct {
	// WorkingDir is the project directory (`--project-directory`); absolute.
	WorkingDir string `json:"workingDir"`
	// Files are the `-f` files, absolute. None: Compose's own discovery (COMPOSE_FILE, then
	// compose.yaml and its compose.override.yaml).
	Files []string `json:"files"`
	// Content, when set, is one in-memory Compose document (YAML or JSON) read as WorkingDir/compose.yaml.
	Content *string `json:"content,omitempty"`
	// EnvFiles are the `--env-file` options, absolute; none: the project's `.env`.
	EnvFiles []string `json:"envFiles"`
	// Environment is the process environment Compose would see (opt-in: empty by default).
	Environment map[string]string `json:"environment"`
	// Profiles are the `--profile` options.
	Profiles []string `json:"profiles"`
	// Discover: read the project as `docker compose` run in WorkingDir without -f reads it
	// (COMPOSE_FILE, else compose.yaml with compose.override.yaml) when that reading loads Files[0];
	// else as `docker compose -f Files...`.
	Discover bool `json:"discover"`
}

// taint is a value of the merged model that depends on a variable unset where the audit ran.
type taint struct {
	// Keys from the model root, e.g. ["services", "api", "volumes", 0].
	Keys []any `json:"keys"`
	// Variables are the unset variables the value reads.
	Variables []string `json:"variables"`
}

// loadError is why Compose refuses the project, with the file and line when compose-go says them.
type loadError struct {
	Message string `json:"message"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
}

type response struct {
	// Project is compose-go's canonical model (Project.MarshalJSON), the enabled services.
	Project json.RawMessage `json:"project,omitempty"`
	// Disabled are services of profiles that are not active: a deployer enables them with --profile.
	Disabled json.RawMessage `json:"disabled,omitempty"`
	// WorkingDir is the project directory compose-go settled on.
	WorkingDir string `json:"workingDir,omitempty"`
	// Discovered says the project was read as `docker compose` without -f reads it.
	Discovered bool `json:"discovered,omitempty"`
	// ComposeFiles are the files loaded (after discovery), in merge order.
	ComposeFiles []string `json:"composeFiles,omitempty"`
	// Included are the files named by top-level include entries (relative to their working dir).
	Included []string `json:"included,omitempty"`
	// Taints are values depending on unset variables; TaintsUnknown says why they could not be told apart.
	Taints        []taint `json:"taints"`
	TaintsUnknown string  `json:"taintsUnknown,omitempty"`
	// Unset are the unset variables the project reads.
	Unset []string   `json:"unset"`
	Error *loadError `json:"error,omitempty"`
	// Warnings are what compose-go logs while loading (an unset variable, an obsolete key).
	Warnings []string `json:"warnings,omitempty"`
}

// load reads the project as `docker compose` (v2) does before it runs anything.
func load(req request) response {
	env := make([]string, 0, len(req.Environment))
	for k, v := range req.Environment {
		env = append(env, k+"="+v)
	}
	sort.Strings(env)
	unset := map[string]bool{}
	var included []string
	record := func(options *loader.Options) {
		if options.Interpolate != nil {
			lookup := options.Interpolate.LookupValue
			options.Interpolate.LookupValue = func(key string) (string, bool) {
				value, ok := lookup(key)
				if !ok {
					unset[key] = true
				}
				return value, ok
			}
		}
		options.Listeners = append(options.Listeners, func(event string, metadata map[string]any) {
			if event != "include" {
				return
			}
			dir, _ := metadata["workingdir"].(string)
			if paths, ok := metadata["path"].(types.StringList); ok {
				for _, p := range paths {
					if !filepath.IsAbs(p) {
						p = filepath.Join(dir, p)
					}
					included = append(included, p)
				}
			}
		})
	}
	build := func(extra ...cli.ProjectOptionsFn) (*cli.ProjectOptions, error) {
		// The order of docker/compose's buildProjectOptions (internal/projectloader/loader.go), with
		// the environment given instead of os.Environ().
		fns := append([]cli.ProjectOptionsFn{
			cli.WithWorkingDirectory(req.WorkingDir),
			cli.WithEnv(env),
			cli.WithEnvFiles(req.EnvFiles...),
			cli.WithDotEnv,
			cli.WithConfigFileEnv,
			cli.WithDefaultConfigPath,
			cli.WithEnvFiles(req.EnvFiles...),
			cli.WithDotEnv,
			cli.WithDefaultProfiles(req.Profiles...),
		}, extra...)
		return cli.NewProjectOptions(req.Files, fns...)
	}
	// `docker compose` runs in the project directory: COMPOSE_FILE's relative paths are read from it.
	if req.WorkingDir != "" {
		if err := os.Chdir(req.WorkingDir); err != nil {
			return response{Error: &loadError{Message: err.Error()}, Taints: []taint{}, Unset: []string{}}
		}
	}
	ctx := context.Background()
	var (
		project *types.Project
		err     error
	)
	var res response
	if req.Content != nil {
		project, err = loadContent(ctx, req, env, record)
	} else {
		if req.Discover && len(req.Files) > 0 {
			files := req.Files
			req.Files = nil
			project, err = loadFiles(ctx, build, record)
			req.Files = files
			// A discovery that fails cannot run either: the file is then read as with -f.
			res.Discovered = err == nil && loads(project.ComposeFiles, files[0])
			if !res.Discovered {
				clear(unset)
				included = nil
			}
		}
		if !res.Discovered {
			project, err = loadFiles(ctx, build, record)
		}
	}
	if err != nil {
		res.Error = describe(err, req)
		res.Taints = []taint{}
		res.Unset = sortedKeys(unset)
		return res
	}
	res.WorkingDir = project.WorkingDir
	res.ComposeFiles = project.ComposeFiles
	res.Included = included
	res.Project, err = project.MarshalJSON()
	if err == nil && len(project.DisabledServices) > 0 {
		res.Disabled, err = json.Marshal(project.DisabledServices)
	}
	if err != nil {
		res.Error = &loadError{Message: err.Error()}
		return res
	}
	res.Unset = sortedKeys(unset)
	res.Taints = []taint{}
	if len(unset) > 0 {
		// Which values read an unset variable: the same project merged without interpolation
		// (`docker compose config --no-interpolate`), each string's variables looked up.
		var raw map[string]any
		noInterpolation := func(o *loader.Options) {
			o.SkipInterpolation = true
			o.SkipValidation = true
		}
		if req.Content != nil {
			raw, err = loadContentModel(ctx, req, env, noInterpolation)
		} else {
			var options *cli.ProjectOptions
			options, err = build(cli.WithLoadOptions(noInterpolation), cli.WithInterpolation(false))
			if err == nil {
				raw, err = options.LoadModel(ctx)
			}
		}
		if err != nil {
			res.TaintsUnknown = err.Error()
		} else {
			res.Taints = append([]taint{}, taintsOf(raw, nil, unset)...)
		}
	}
	return res
}

func loadFiles(ctx context.Context, build func(...cli.ProjectOptionsFn) (*cli.ProjectOptions, error), record func(*loader.Options)) (*types.Project, error) {
	options, err := build(cli.WithLoadOptions(record))
	if err != nil {
		return nil, err
	}
	return options.LoadProject(ctx)
}

// loads says whether a project's files include file (also through a symlink).
func loads(composeFiles []string, file string) bool {
	want := realPath(file)
	for _, f := range composeFiles {
		if realPath(f) == want {
			return true
		}
	}
	return false
}

func realPath(file string) string {
	if real, err := filepath.EvalSymlinks(file); err == nil {
		return real
	}
	return filepath.Clean(file)
}

func loadContent(ctx context.Context, req request, env []string, record func(*loader.Options)) (*types.Project, error) {
	details := contentDetails(req, env)
	return loader.LoadWithContext(ctx, details, record, func(o *loader.Options) {
		o.SetProjectName(loader.NormalizeProjectName(filepath.Base(req.WorkingDir)), false)
		o.Profiles = req.Profiles
	})
}

func loadContentModel(ctx context.Context, req request, env []string, fn func(*loader.Options)) (map[string]any, error) {
	details := contentDetails(req, env)
	return loader.LoadModelWithContext(ctx, details, fn, func(o *loader.Options) {
		o.SetProjectName(loader.NormalizeProjectName(filepath.Base(req.WorkingDir)), false)
	})
}

func contentDetails(req request, env []string) types.ConfigDetails {
	return types.ConfigDetails{
		WorkingDir:  req.WorkingDir,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(req.WorkingDir, "compose.yaml"), Content: []byte(*req.Content)}},
		Environment: types.NewMapping(env),
	}
}

// taintsOf walks the raw merged model: every string that reads an unset variable is a taint.
func taintsOf(node any, keys []any, unset map[string]bool) []taint {
	var found []taint
	switch value := node.(type) {
	case string:
		if !strings.Contains(value, "$") {
			return nil
		}
		read := map[string]bool{}
		_, _ = template.Substitute(value, func(name string) (string, bool) {
			if unset[name] {
				read[name] = true
			}
			return "", false
		})
		if len(read) > 0 {
			found = append(found, taint{Keys: append([]any{}, keys...), Variables: sortedKeys(read)})
		}
	case map[string]any:
		for _, key := range sortedKeys(value) {
			found = append(found, taintsOf(value[key], append(keys, key), unset)...)
		}
	case []any:
		for index, item := range value {
			found = append(found, taintsOf(item, append(keys, index), unset)...)
		}
	}
	return found
}

func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var (
	lineInMessage = regexp.MustCompile(`\bline (\d+)\b`)
	fileInMessage = regexp.MustCompile(`(/[^\s:"']+\.(?:ya?ml|json|env))|([^\s:"']+\.(?:ya?ml|json))`)
)

// describe turns a compose-go error into message, file and line (as far as its text says them).
func describe(err error, req request) *loadError {
	message := err.Error()
	out := &loadError{Message: message}
	if m := lineInMessage.FindStringSubmatch(message); m != nil {
		out.Line, _ = strconv.Atoi(m[1])
	}
	if m := fileInMessage.FindString(message); m != "" {
		out.File = m
	} else if len(req.Files) == 1 {
		out.File = req.Files[0]
	}
	return out
}

// respond answers one JSON request with one JSON response; compose-go's warnings (logrus) are
// part of the response, not printed.
func respond(data []byte) []byte {
	var warnings bytes.Buffer
	logrus.SetOutput(&warnings)
	logrus.SetFormatter(&logrus.TextFormatter{DisableTimestamp: true, DisableColors: true})
	var req request
	var res response
	if err := json.Unmarshal(data, &req); err != nil {
		res = response{Error: &loadError{Message: fmt.Sprintf("compose-reader: bad request: %v", err)}, Taints: []taint{}, Unset: []string{}}
	} else {
		res = load(req)
	}
	for _, line := range strings.Split(strings.TrimSpace(warnings.String()), "\n") {
		if line != "" {
			res.Warnings = append(res.Warnings, line)
		}
	}
	out, err := json.Marshal(res)
	if err != nil {
		out, _ = json.Marshal(response{Error: &loadError{Message: "compose-reader: " + err.Error()}, Taints: []taint{}, Unset: []string{}})
	}
	return out
}
