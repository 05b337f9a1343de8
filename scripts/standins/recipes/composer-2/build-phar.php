<?php
// Packs Debian's composer (its code and libraries under /usr/share/php, its bin script) into one
// self-contained phar, like the official composer.phar: every absolute /usr/share/php path in the
// autoloaders is rewritten to the phar, and the stub runs the bin script from inside it.
$out = $argv[1] ?? exit("usage: build-phar.php OUT\n");
$root = '/usr/share/php';
@unlink($out);
$phar = new Phar($out, 0, 'composer.phar');
$phar->startBuffering();
$files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root, FilesystemIterator::SKIP_DOTS | FilesystemIterator::FOLLOW_SYMLINKS));
$count = 0;
foreach ($files as $file) {
    $path = $file->getPathname();
    $relative = substr($path, strlen($root) + 1);
    $code = file_get_contents($path);
    if (str_ends_with($path, '.php')) {
        $code = str_replace(["'/usr/share/php/", '"/usr/share/php/'], ["'phar://composer.phar/php/", '"phar://composer.phar/php/'], $code);
    }
    $phar->addFromString('php/' . $relative, $code);
    // Debian's JsonFile looks for the lock schema one level above /usr/share/php.
    if (str_starts_with($relative, 'data/')) {
        $phar->addFromString($relative, $code);
    }
    $count++;
}
$bin = file_get_contents('/usr/bin/composer');
$bin = preg_replace('{^#!.*\n}', '', $bin);
$bin = str_replace("__DIR__ . '/../share/php/Composer/autoload.php'", "'phar://composer.phar/php/Composer/autoload.php'", $bin, $replaced);
if ($replaced !== 1) {
    fwrite(STDERR, "build-phar.php: Debian's /usr/bin/composer changed; the autoload line was not found\n");
    exit(1);
}
$phar->addFromString('bin/composer', $bin);
$phar->addFile(__DIR__ . '/intl-shim.php', 'intl-shim.php');
$phar->setStub("#!/usr/bin/env php\n<?php\nPhar::mapPhar('composer.phar');\nif (!extension_loaded('intl')) {\n    require 'phar://composer.phar/intl-shim.php';\n}\nrequire 'phar://composer.phar/bin/composer';\n__HALT_COMPILER();\n");
$phar->stopBuffering();
chmod($out, 0755);
echo "composer.phar: $count files\n";
