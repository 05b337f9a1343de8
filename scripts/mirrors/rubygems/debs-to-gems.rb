#!/usr/bin/env ruby
# frozen_string_literal: true

# Turn Debian ruby-* packages (.deb files) into .gem files and a compact index (the format Bundler
# reads first: versions, info/<name>), served as a static gem source.
#
#   debs-to-gems.rb DEB_DIR SRC_DIR OUT_DIR
#
# Every .deb in DEB_DIR is unpacked (dpkg-deb -x) into one shared root. Each gemspec Debian installs
# under usr/share/rubygems-integration/all/specifications (or the arch-specific
# usr/lib/<triplet>/rubygems-integration/<abi>/specifications) becomes one gem: its files come from the
# gem folder next to it (gems/<name>-<version>/), or, for packages in the older layout, from
# usr/lib/ruby/vendor_ruby for the spec's lib/ files.
#
# A gem with C extensions is rebuilt from source when SRC_DIR holds the package's upstream tarball
# (<source>_<version>.orig.tar.*): its ext/ folder goes into the gem and the gem keeps its
# `extensions`, so `bundle install` compiles it like a gem from RubyGems. When no source tarball was
# reachable, Debian's compiled extension (built for Debian's Ruby ABI) is packed into lib/ and the gem
# is tagged for the x86_64-linux platform with that Ruby's minor line as its required Ruby (like a
# precompiled gem on RubyGems); it then compiles nothing.
#
# Gems are reproducible (SOURCE_DATE_EPOCH, sorted files), so the same Debian versions give the same
# checksums. OUT_DIR gets gems/<file>.gem, info/<name> and versions.
require 'digest'
require 'fileutils'
require 'rubygems'
require 'rubygems/package'
require 'tmpdir'

deb_dir, src_dir, out_dir = ARGV
abort 'usage: debs-to-gems.rb DEB_DIR SRC_DIR OUT_DIR' unless out_dir

# Gem::Package.build's banner and the specification linter's advice (about upstream's gemspecs) stay quiet.
Gem::DefaultUserInteraction.ui = Gem::SilentUI.new
ENV['SOURCE_DATE_EPOCH'] ||= '315619200' # 1980-01-02, as the Python mirror's wheels
FIXED_DATE = Time.at(Integer(ENV['SOURCE_DATE_EPOCH'])).utc

def sh!(*cmd)
  system(*cmd, exception: true)
end

root = Dir.mktmpdir('debs-to-gems-')
at_exit { FileUtils.rm_rf(root) }
debs = Dir[File.join(deb_dir, '*.deb')].sort
debs.each { |deb| sh!('dpkg-deb', '-x', deb, root) }

# Which source package (and upstream version) each binary package was built from, for the tarballs.
source_of = {}
debs.each do |deb|
  fields = IO.popen(['dpkg-deb', '-f', deb, 'Package', 'Source', 'Version'], &:read)
  pkg = fields[/^Package: (\S+)/, 1]
  src = fields[/^Source: (\S+)/, 1] || pkg
  version = fields[/^Source: \S+ \(([^)]+)\)/, 1] || fields[/^Version: (\S+)/, 1]
  upstream = version.sub(/^\d+:/, '').sub(/-[^-]+$/, '')
  source_of[pkg] = [src, upstream]
end
tarballs = Dir[File.join(src_dir, '*.orig.tar.*')]

gems_out = File.join(out_dir, 'gems')
FileUtils.mkdir_p(gems_out)
built = []

# Older arch-dependent packages put the gemspec under usr/share/rubygems-integration/<abi>/ (websocket-driver);
# Ruby's bundled gems (libruby3.3) are installed gems under usr/lib/ruby/gems/<abi>/ (its default gems, in
# specifications/default, come with every Ruby and are not served).
spec_files = Dir[File.join(root, 'usr/share/rubygems-integration/*/specifications/*.gemspec')] +
             Dir[File.join(root, 'usr/lib/*/rubygems-integration/*/specifications/*.gemspec')] +
             Dir[File.join(root, 'usr/lib/ruby/gems/*/specifications/*.gemspec')]
spec_files.sort.each do |spec_file|
  spec = Gem::Specification.load(spec_file) or abort "cannot load #{spec_file}"
  integration = File.dirname(File.dirname(spec_file))
  gem_dir = File.join(integration, 'gems', spec.full_name)
  stage = File.join(root, 'stage', spec.full_name)
  FileUtils.mkdir_p(stage)
  # Old layout only: compiled extensions Debian installed under usr/lib/<triplet>/ruby/vendor_ruby/<abi>/
  # (its spec lists the C sources but no `extensions`), found by the name of each C source.
  old_layout_so = []
  if File.directory?(gem_dir)
    FileUtils.cp_r("#{gem_dir}/.", stage)
  else
    vendor = File.join(root, 'usr/lib/ruby/vendor_ruby')
    spec.files.each do |f|
      next unless f.start_with?('lib/')

      from = File.join(vendor, f.delete_prefix('lib/'))
      next unless File.file?(from)

      FileUtils.mkdir_p(File.dirname(File.join(stage, f)))
      FileUtils.cp(from, File.join(stage, f))
    end
    if spec.extensions.empty?
      spec.files.grep(%r{\Aext/.+\.c\z}).map { |c| File.basename(c, '.c') }.uniq.each do |base|
        old_layout_so.concat(Dir[File.join(root, 'usr/lib/*/ruby/vendor_ruby/*', "#{base}.so")])
      end
    end
  end
  # Compiled objects Debian left in the gem folder never go into a source gem.
  Dir[File.join(stage, '**/*.{so,o}')].each { |f| File.delete(f) }
  # Links Debian put in place of files it ships elsewhere (a +dfsg package's bundled JavaScript and CSS
  # point at its libjs-* packages): RubyGems refuses a link out of the gem, so each becomes the file it
  # names when the unpacked packages hold it, and is left out otherwise (sidekiq's web UI assets).
  Dir.glob('**/*', File::FNM_DOTMATCH, base: stage).sort.each do |rel|
    link = File.join(stage, rel)
    next unless File.symlink?(link)

    target = File.expand_path(File.readlink(link), File.dirname(File.join(gem_dir, rel)))
    File.delete(link)
    if target.start_with?("#{root}/") && File.file?(target)
      FileUtils.cp(target, link)
    else
      warn "#{spec.full_name}: #{rel} links to #{target.delete_prefix(root)}, which no mirrored package holds: left out"
    end
  end

  note = ''
  unless spec.extensions.empty?
    sources = source_of.values.select { |_, upstream| upstream == spec.version.to_s }.map(&:first)
    tarball = tarballs.find { |t| sources.any? { |src| File.basename(t).start_with?("#{src}_#{spec.version}.orig.") } }
    if tarball
      unpacked = File.join(root, 'src', spec.full_name)
      FileUtils.mkdir_p(unpacked)
      sh!('tar', '-xf', tarball, '-C', unpacked, '--strip-components=1')
      spec.extensions.each do |extconf|
        ext = File.dirname(extconf)
        abort "#{File.basename(tarball)} has no #{extconf}" unless File.file?(File.join(unpacked, extconf))
        FileUtils.mkdir_p(File.join(stage, ext))
        FileUtils.cp_r("#{File.join(unpacked, ext)}/.", File.join(stage, ext))
      end
      # Java sources (JRuby) are not part of a CRuby gem's build.
      Dir[File.join(stage, 'ext/**/*.java')].each { |f| File.delete(f) }
      note = " (C extension from #{File.basename(tarball)})"
    else
      built_ext = Dir[File.join(integration, 'extensions', '*', '*', spec.full_name)].first
      abort "#{spec.full_name} has extensions but neither a source tarball nor a compiled extension" unless built_ext
      Dir.glob('**/*.so', base: built_ext).each do |so|
        FileUtils.mkdir_p(File.dirname(File.join(stage, 'lib', so)))
        FileUtils.cp(File.join(built_ext, so), File.join(stage, 'lib', so))
      end
      abi = File.basename(File.dirname(built_ext)) # 3.3.0
      spec.extensions = []
      spec.platform = Gem::Platform.new('x86_64-linux')
      spec.required_ruby_version = Gem::Requirement.new("~> #{abi.split('.').first(2).join('.')}.0")
      note = " (no source reachable: Debian's compiled extension for Ruby #{abi}, platform x86_64-linux)"
    end
  end

  unless old_layout_so.empty?
    old_layout_so.each { |so| FileUtils.cp(so, File.join(stage, 'lib', File.basename(so))) }
    abi = File.basename(File.dirname(old_layout_so.first)) # 3.3.0
    spec.platform = Gem::Platform.new('x86_64-linux')
    spec.required_ruby_version = Gem::Requirement.new("~> #{abi.split('.').first(2).join('.')}.0")
    note = " (Debian's compiled extension for Ruby #{abi}, platform x86_64-linux)"
  end

  files = Dir.glob('**/*', File::FNM_DOTMATCH, base: stage).reject { |f| File.directory?(File.join(stage, f)) || File.basename(f).start_with?('.') }.sort
  spec.files = files
  spec.executables = spec.executables.select { |e| files.include?(File.join(spec.bindir, e)) }
  spec.extra_rdoc_files = spec.extra_rdoc_files & files
  spec.test_files = []
  spec.date = FIXED_DATE
  Dir.chdir(stage) do
    file = Gem::Package.build(spec)
    FileUtils.mv(file, File.join(gems_out, file))
    built << [spec, File.join(gems_out, file)]
    warn "#{file}#{note}"
  end
end

# The compact index: info/<name> (one line a version: runtime dependencies, checksum, Ruby and
# RubyGems requirements) and versions (every name, its versions and the MD5 of its info file).
def requirement(req)
  req.requirements.map { |op, v| "#{op} #{v}" }.join('&')
end

info_dir = File.join(out_dir, 'info')
FileUtils.mkdir_p(info_dir)
by_name = built.group_by { |spec, _| spec.name }
versions = ["created_at: #{FIXED_DATE.strftime('%Y-%m-%dT%H:%M:%SZ')}", '---']
by_name.keys.sort.each do |name|
  lines = ['---']
  entries = by_name[name].sort_by { |spec, _| [spec.version, spec.platform.to_s] }
  entries.each do |spec, file|
    deps = spec.runtime_dependencies.sort_by(&:name).map { |d| "#{d.name}:#{requirement(d.requirement)}" }.join(',')
    meta = ["checksum:#{Digest::SHA256.file(file).hexdigest}"]
    meta << "ruby:#{requirement(spec.required_ruby_version)}" unless spec.required_ruby_version.none?
    meta << "rubygems:#{requirement(spec.required_rubygems_version)}" unless spec.required_rubygems_version.none?
    number = spec.platform.to_s == 'ruby' ? spec.version.to_s : "#{spec.version}-#{spec.platform}"
    lines << "#{number} #{deps}|#{meta.join(',')}"
  end
  info = "#{lines.join("\n")}\n"
  File.write(File.join(info_dir, name), info)
  numbers = entries.map { |spec, _| spec.platform.to_s == 'ruby' ? spec.version.to_s : "#{spec.version}-#{spec.platform}" }
  versions << "#{name} #{numbers.join(',')} #{Digest::MD5.hexdigest(info)}"
end
File.write(File.join(out_dir, 'versions'), "#{versions.join("\n")}\n")
warn "#{built.size} gems, #{by_name.size} names"
