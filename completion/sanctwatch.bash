# bash completion for sanctwatch(1): its commands, each command's options
# and the import formats (all asked of the installed sanctwatch itself, so
# they never drift from the binary), and file names.  Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/sanctwatch.

_sanctwatch_formats()
{
	sanctwatch import 2>&1 | awk '/^formats:/ { f = 1; next } f && /^  / { print $1 }'
}

_sanctwatch_commands()
{
	sanctwatch --help 2>&1 | awk '$1 == "sanctwatch" && $2 !~ /^[-[]/ { print $2 }'
}

# The options of a command, from the usage line of its --help.
_sanctwatch_options()
{
	sanctwatch "$1" --help 2>&1 | head -n 1 | grep -oE -- '--?[a-z][a-z-]*' | sort -u
}

_sanctwatch()
{
	local cur prev cmd i nargs
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(_sanctwatch_commands) --version --help" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}
	nargs=0
	for ((i = 2; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-o|-c|-w|-s|-r|-d|-n) i=$((i + 1)) ;;
		-*) ;;
		*) nargs=$((nargs + 1)) ;;
		esac
	done
	case $prev in
	-o|-c|-w|-r|-d|--db)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--format)
		case $cmd in
		export) COMPREPLY=($(compgen -W "ndjson csv" -- "$cur")) ;;
		tail) COMPREPLY=($(compgen -W "json text" -- "$cur")) ;;
		esac
		return ;;
	--scope)
		COMPREPLY=($(compgen -W "alert text source entity" -- "$cur"))
		return ;;
	--kind)
		COMPREPLY=($(compgen -W "entity country rule" -- "$cur"))
		return ;;
	--severity)
		COMPREPLY=($(compgen -W "high medium low" -- "$cur"))
		return ;;
	-s)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	case $cmd in
	import)
		if [ "$nargs" -eq 0 ]; then
			COMPREPLY=($(compgen -W "$(_sanctwatch_formats)" -- "$cur"))
		elif [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_sanctwatch_options import)" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	list-diff)
		# [FORMAT] OLD NEW: a format first, or two watchlists.
		if [ "$nargs" -eq 0 ]; then
			COMPREPLY=($(compgen -W "$(_sanctwatch_formats)" -- "$cur") $(compgen -f -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	scan)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_sanctwatch_options scan)" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	*)
		[[ $cur == -* ]] && COMPREPLY=($(compgen -W "$(_sanctwatch_options "$cmd")" -- "$cur")) ;;
	esac
}
complete -o filenames -F _sanctwatch sanctwatch
