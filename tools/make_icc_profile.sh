#!/usr/bin/env bash
# Rebuild the default CMYK output profile in profiles/icc/ from free characterisation data.
#
# Source data: CGATS/SNAP TR 002-2007, "Color Characterization Data for Coldset Printing on
# Newsprint" (the average of 102 sets of measurements), as shipped in Debian's
# icc-profiles-free package (/usr/share/color/icc/TR002.ti3, Zlib licence). The data file says:
# "Profiles, or other derivative work, based on these data may be distributed with no further
# permissions from CGATS. However, this Technical Report must be identified as the source."
#
# Needs: apt-get install icc-profiles-free argyll   (only to rebuild; builds use the .icc)
# ArgyllCMS stamps the date into the profile header, so a rebuilt file differs in those bytes:
# the committed profile is the one every build embeds; rebuild only on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
out=profiles/icc/Pressroom-Newsprint-TR002-TAC240.icc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/TR002.ti3 "$work/"
(cd "$work" && colprof -qm -kr -l240 -L95 \
    -D "Pressroom newsprint coldset (CGATS TR 002 SNAP data), TAC 240%" \
    -C "Built by Pressroom from CGATS TR 002 data (icc-profiles-free, Zlib); no copyright claimed" \
    -O newsprint.icc TR002)
cp "$work/newsprint.icc" "$out"
sha256sum "$out"
