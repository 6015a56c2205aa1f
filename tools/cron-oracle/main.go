// Command cron-oracle answers, for kubesim's tests, what robfig/cron v3.0.1 (the version the
// Kubernetes CronJob controller vendors) makes of cron expressions.
//
// Input, one case per line: hex(expression) TAB time-zone TAB start-unix-seconds TAB count.
// Output, one line per case, in order:
//
//	ok TAB t1 t2 ... (unix seconds; "zero" where Next returned the zero time, which ends the list)
//	err TAB hex(message)
//
// The schedule is validated as the API server validates spec.schedule (no "TZ" anywhere,
// then cron.ParseStandard), placed in the zone as the controller does for spec.timeZone, and
// Next is chained from the start time.
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	cron "github.com/robfig/cron"
)

func answer(line string) string {
	parts := strings.Split(line, "\t")
	if len(parts) != 4 {
		return "bad\tbad input line"
	}
	raw, err := hex.DecodeString(parts[0])
	if err != nil {
		return "bad\tbad hex"
	}
	expr := string(raw)
	loc, err := time.LoadLocation(parts[1])
	if err != nil {
		return "err\t" + hex.EncodeToString([]byte(err.Error()))
	}
	start, err1 := strconv.ParseInt(parts[2], 10, 64)
	count, err2 := strconv.Atoi(parts[3])
	if err1 != nil || err2 != nil {
		return "bad\tbad number"
	}
	if strings.Contains(expr, "TZ") {
		return "err\t" + hex.EncodeToString([]byte("cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
	}
	sched, err := parse(expr)
	if err != nil {
		return "err\t" + hex.EncodeToString([]byte(err.Error()))
	}
	if spec, ok := sched.(*cron.SpecSchedule); ok {
		spec.Location = loc
	}
	t := time.Unix(start, 0).In(loc)
	out := make([]string, 0, count)
	for i := 0; i < count; i++ {
		t = sched.Next(t)
		if t.IsZero() {
			out = append(out, "zero")
			break
		}
		out = append(out, strconv.FormatInt(t.Unix(), 10))
	}
	return "ok\t" + strings.Join(out, " ")
}

// parse turns a panic inside the parser into an error, so one odd input cannot stop a run.
func parse(expr string) (s cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return cron.ParseStandard(expr)
}

func main() {
	time.Local = time.UTC
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		fmt.Fprintln(out, answer(in.Text()))
	}
}
