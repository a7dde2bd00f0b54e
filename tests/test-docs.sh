#!/bin/sh
# The reference manuals cover the whole public API. Prints TAP.
#
# For each library (libgvnc-1.0, and the widget library when it is
# built):
#   - every symbol its linker version script exports is listed in the
#     manual's sections file, and every section is part of the manual
#     (checked from the sources, in every build);
#   - gtk-doc's reports: no undocumented or incompletely documented
#     symbol, nothing listed that no header declares, no doc comment
#     left unused, and every symbol the public headers declare listed
#     (only when configure was given --enable-gtk-doc, so that the
#     manuals were built; SKIP otherwise).
srcdir=${TOP_SRCDIR:-$(dirname "$0")/..}
builddir=${TOP_BUILDDIR:-..}

modules="gvnc:libgvnc_sym.version"
if [ "${GVNC_WITH_GTK:-yes}" = yes ]; then
    modules="$modules gtk-vnc:libgtk-vnc_sym.version"
fi

echo "1..$(( $(echo $modules | wc -w) * 6 ))"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for line in "$@"; do echo "# $line"; done; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# Symbols of a version script's "global:" block.
exported() {
    sed -n '/global:/,/local:/s/^[[:space:]]*\([A-Za-z0-9_]*\);.*/\1/p' "$1"
}

# The lines of a gtk-doc report file that name symbols ("" when none).
report_symbols() {
    grep -v -e '^[0-9]*% symbol docs coverage' -e '^[0-9]* symbols* documented' \
        -e '^[0-9]* symbols* incomplete' -e '^[0-9]* not documented' -e '^[[:space:]]*$' "$1"
}

for entry in $modules; do
    module=${entry%%:*}
    script=$srcdir/src/${entry#*:}
    sections=$srcdir/docs/reference/$module/$module-sections.txt

    missing=
    for symbol in $(exported "$script"); do
        grep -qx "$symbol" "$sections" || missing="$missing $symbol"
    done
    if [ -z "$(exported "$script")" ]; then
        not_ok "$module: $script exports symbols" "no global: symbols found"
    elif [ -n "$missing" ]; then
        not_ok "$module: every exported symbol is in $module-sections.txt" \
            "missing:$missing"
    else
        ok "$module: every exported symbol is in $module-sections.txt"
    fi

    main=$srcdir/docs/reference/$module/$module-docs.xml
    missing=
    for file in $(sed -n 's|^<FILE>\(.*\)</FILE>$|\1|p' "$sections"); do
        grep -q "href=\"xml/$file.xml\"" "$main" || missing="$missing $file"
    done
    if [ -n "$missing" ]; then
        not_ok "$module: every section is included in $module-docs.xml" "missing:$missing"
    else
        ok "$module: every section is included in $module-docs.xml"
    fi

    reports=$builddir/docs/reference/$module
    if [ "${GVNC_GTK_DOC:-no}" != yes ]; then
        why="the reference manuals are not built (configure --enable-gtk-doc)"
        skip "$module: no undocumented symbols" "$why"
        skip "$module: no undeclared symbols" "$why"
        skip "$module: no unused symbols" "$why"
        skip "$module: every declared symbol is in $module-sections.txt" "$why"
        continue
    fi

    undocumented=$reports/$module-undocumented.txt
    if [ ! -f "$undocumented" ]; then
        not_ok "$module: no undocumented symbols" "$undocumented is missing (was the manual built?)"
    elif [ -n "$(report_symbols "$undocumented")" ] ||
         ! grep -q '^0 symbols incomplete' "$undocumented" ||
         ! grep -q '^0 not documented' "$undocumented"; then
        not_ok "$module: no undocumented symbols" "$(head -n 4 "$undocumented" | tr '\n' ' ')" \
            $(report_symbols "$undocumented" | tr ' ' '_')
    else
        ok "$module: no undocumented symbols"
    fi

    for kind in undeclared unused; do
        report=$reports/$module-$kind.txt
        if [ ! -f "$report" ]; then
            not_ok "$module: no $kind symbols" "$report is missing (was the manual built?)"
        elif [ -s "$report" ] && [ -n "$(report_symbols "$report")" ]; then
            not_ok "$module: no $kind symbols" $(report_symbols "$report")
        else
            ok "$module: no $kind symbols"
        fi
    done

    # gtkdoc-scan lists what the headers declare; a symbol missing from
    # the sections file would be in no report at all.
    declared=$reports/$module-decl-list.txt
    if [ ! -f "$declared" ]; then
        not_ok "$module: every declared symbol is in $module-sections.txt" \
            "$declared is missing (was the manual built?)"
    else
        missing=
        for symbol in $(grep -v -e '^<' -e '^[[:space:]]*$' "$declared"); do
            grep -qx "$symbol" "$sections" || missing="$missing $symbol"
        done
        if [ -n "$missing" ]; then
            not_ok "$module: every declared symbol is in $module-sections.txt" "missing:$missing"
        else
            ok "$module: every declared symbol is in $module-sections.txt"
        fi
    fi
done
