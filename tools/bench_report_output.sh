# Sourced by the bench section scripts (bench_inference.sh, bench_int8.sh): what every report
# records about the machine, and how a report reaches its file.

# The machine a report was measured on and when the run began (the --cpu/--cores/--date flags).
machine_flags=(--cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
               --cores "$(nproc)" --date "$(date -u '+%Y-%m-%d %H:%M UTC')")

# write_report OUT COMMAND...: COMMAND's output to standard output (OUT is -) or to OUT through a
# temporary file and rename, so an interrupted run never leaves half a report.
write_report() {
    local out=$1; shift
    if [ "$out" = "-" ]; then
        "$@"
    else
        "$@" > "$out.tmp"
        mv "$out.tmp" "$out"
        echo "wrote $out" >&2
    fi
}
