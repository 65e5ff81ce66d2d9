# bash completion for sanctwatch(1): its commands, the import formats (asked
# of the installed sanctwatch itself, so they never drift from the binary),
# options and file names.  Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/sanctwatch.

_sanctwatch_formats()
{
	sanctwatch import 2>&1 | awk '/^formats:/ { f = 1; next } f && /^  / { print $1 }'
}

_sanctwatch()
{
	local cur prev cmd i nargs
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "scan import list-diff tail collect status sources reload --version" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}
	nargs=0
	for ((i = 2; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-o|-c|-w|-s) i=$((i + 1)) ;;
		-*) ;;
		*) nargs=$((nargs + 1)) ;;
		esac
	done
	case $prev in
	-o|-c|-w|--db)
		COMPREPLY=($(compgen -f -- "$cur"))
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
			COMPREPLY=($(compgen -W "-o" -- "$cur"))
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
			COMPREPLY=($(compgen -W "-c -w --min-score" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	tail)
		[[ $cur == -* ]] && COMPREPLY=($(compgen -W "-s --nats --name --since --no-follow" -- "$cur")) ;;
	collect)
		[[ $cur == -* ]] && COMPREPLY=($(compgen -W "--nats --name --db --no-follow" -- "$cur")) ;;
	status|sources|reload)
		[[ $cur == -* ]] && COMPREPLY=($(compgen -W "-s" -- "$cur")) ;;
	esac
}
complete -o filenames -F _sanctwatch sanctwatch
