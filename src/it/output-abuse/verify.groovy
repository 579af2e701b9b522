def logFile = new File(basedir, 'build.log')
int total = 0, numbered = 0, longPieces = 0
boolean sawReplacement = false, sawSpinner = false, sawEnd = false, success = false
logFile.withReader('UTF-8') { r ->
    r.eachLine { line ->
        total++
        if (line.contains('invalid utf-8: ') && line.contains('\uFFFD')) sawReplacement = true
        if (line.endsWith('spinner done')) sawSpinner = true
        if (line ==~ /.*\) \d{7} \.{90}/) numbered++
        if (line.contains('xxxxxxxxxxxxxxxx')) { longPieces++; assert line.length() < 70000 : 'long lines are cut into pieces' }
        if (line.endsWith('all lines written')) sawEnd = true
        if (line.contains('BUILD SUCCESS')) success = true
    }
}
assert success
assert sawReplacement : 'invalid UTF-8 becomes U+FFFD, the reader goes on'
assert sawSpinner
assert numbered == 1000000 : "all 10^6 lines arrive: ${numbered}"
assert longPieces >= 16 : 'the 1 MB line arrives in pieces'
assert sawEnd
