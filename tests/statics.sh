#!/bin/sh
# No mutable state of static duration in the library: any number of threads may run on one
# loaded model. Lists every symbol that objdump places in a writable data section (.data,
# .bss and their thread-local forms) of the library archive; only the per-thread allocation
# counters of the test hooks (src/support/mem.c) are allowed.
# usage: statics.sh LIBRARY_ARCHIVE
set -u
lib=$1
found=$(objdump -t "$lib" | awk '
    /^[^ ]+:[ \t]+file format/ { next }
    {
        for (i = 1; i <= NF; i++)
            if ($i ~ /^\.(data|bss|tdata|tbss)(\.|$)/ && $i !~ /^\.data\.rel\.ro/) {
                name = $NF
                # The sanitizers add globals of their own (__odr_asan..., __asan...).
                if (name != $i && name != "fail_countdown" && name != "alloc_count" &&
                    name !~ /^_*(odr_)?asan/ && name !~ /^__ubsan/)
                    print $i, name
            }
    }' | sort -u)
if [ -n "$found" ]; then
    echo "mutable static or global variables in the library:"
    echo "$found"
    exit 1
fi
echo "no mutable static state"
