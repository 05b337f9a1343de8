<?php
// dockstack stand-in only: Debian packages no symfony/polyfill-intl-*, which the official
// composer.phar bundles, and Debian's symfony/string needs them whenever Composer draws a table
// (e.g. `composer check-platform-reqs`) on a PHP without intl (the official php images have no
// intl). This minimal shim keeps such output working: normalization is the identity (exact for
// NFC text, which Composer prints) and grapheme functions count code points through mbstring.
if (!class_exists('Normalizer', false)) {
    class Normalizer
    {
        public const FORM_D = 4;
        public const NFD = 4;
        public const FORM_KD = 8;
        public const NFKD = 8;
        public const FORM_C = 16;
        public const NFC = 16;
        public const FORM_KC = 32;
        public const NFKC = 32;
        public const FORM_KC_CF = 48;
        public const NFKC_CF = 48;

        public static function normalize(string $string, int $form = self::FORM_C): string|false
        {
            return $string;
        }

        public static function isNormalized(string $string, int $form = self::FORM_C): bool
        {
            return true;
        }
    }
}
if (!function_exists('normalizer_normalize')) {
    function normalizer_normalize(string $string, int $form = Normalizer::FORM_C): string|false { return $string; }
    function normalizer_is_normalized(string $string, int $form = Normalizer::FORM_C): bool { return true; }
}
if (!function_exists('grapheme_strlen')) {
    define('GRAPHEME_EXTR_COUNT', 0);
    define('GRAPHEME_EXTR_MAXBYTES', 1);
    define('GRAPHEME_EXTR_MAXCHARS', 2);
    function grapheme_strlen(string $s): int|false|null { return mb_strlen($s, 'UTF-8'); }
    function grapheme_substr(string $s, int $start, ?int $length = null): string|false { return mb_substr($s, $start, $length, 'UTF-8'); }
    function grapheme_strpos(string $h, string $n, int $o = 0): int|false { return mb_strpos($h, $n, $o, 'UTF-8'); }
    function grapheme_stripos(string $h, string $n, int $o = 0): int|false { return mb_stripos($h, $n, $o, 'UTF-8'); }
    function grapheme_strrpos(string $h, string $n, int $o = 0): int|false { return mb_strrpos($h, $n, $o, 'UTF-8'); }
    function grapheme_strripos(string $h, string $n, int $o = 0): int|false { return mb_strripos($h, $n, $o, 'UTF-8'); }
    function grapheme_extract(string $h, int $size, int $type = GRAPHEME_EXTR_COUNT, int $offset = 0, &$next = null): string|false
    {
        $rest = substr($h, $offset);
        $out = '';
        foreach (mb_str_split($rest, 1, 'UTF-8') as $char) {
            $grow = $out . $char;
            if (($type === GRAPHEME_EXTR_MAXBYTES && strlen($grow) > $size) || ($type !== GRAPHEME_EXTR_MAXBYTES && mb_strlen($grow, 'UTF-8') > $size)) {
                break;
            }
            $out = $grow;
        }
        $next = $offset + strlen($out);
        return $out;
    }
}
