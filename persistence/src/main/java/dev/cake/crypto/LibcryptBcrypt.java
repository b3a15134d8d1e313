package dev.cake.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bcrypt through the system's libxcrypt ({@code crypt_rn} / {@code crypt_gensalt_rn}) with the FFM API: the same
 * {@code $2b$} strings as every other bcrypt, and faster than the fastest pure-Java implementation measured here (at
 * cost 10, about 57 ms against 64 to 69 ms a hash on one thread: docs/PERFORMANCE.md, "the bcrypt ceiling"). Only
 * used when the library is present and passes a known-answer test at start. Native calls pin their carrier thread:
 * {@link BcryptPasswordHasher} makes them only on its own platform hashing threads.
 */
final class LibcryptBcrypt {
  private static final Logger log = LoggerFactory.getLogger(LibcryptBcrypt.class);
  /** libxcrypt's {@code struct crypt_data} is 32 KiB. */
  private static final long CRYPT_DATA_SIZE = 32768;
  private static final String KNOWN_SETTING = "$2b$04$abcdefghijklmnopqrstuu";
  private static final String KNOWN_HASH = "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm";

  private final MethodHandle cryptRn;
  private final MethodHandle gensaltRn;

  private LibcryptBcrypt(MethodHandle cryptRn, MethodHandle gensaltRn) {
    this.cryptRn = cryptRn;
    this.gensaltRn = gensaltRn;
  }

  /** The native implementation, or empty when libcrypt is missing or does not compute bcrypt correctly. */
  static Optional<LibcryptBcrypt> load() {
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup lib = SymbolLookup.libraryLookup("libcrypt.so.1", Arena.global());
      MethodHandle crypt = linker.downcallHandle(lib.find("crypt_rn").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT));
      MethodHandle gensalt = linker.downcallHandle(lib.find("crypt_gensalt_rn").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
      var candidate = new LibcryptBcrypt(crypt, gensalt);
      String known = candidate.crypt("password", KNOWN_SETTING);
      if (!KNOWN_HASH.equals(known)) {
        log.warn("libcrypt bcrypt failed its known-answer test ({}); using pure-Java bcrypt", known);
        return Optional.empty();
      }
      return Optional.of(candidate);
    } catch (Throwable e) {
      log.info("libcrypt not usable ({}); using pure-Java bcrypt", e.toString());
      return Optional.empty();
    }
  }

  String hash(String password, int cost) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment prefix = arena.allocateFrom("$2b$");
      MemorySegment out = arena.allocate(64);
      // rbytes NULL: libcrypt draws the salt from the operating system's CSPRNG
      var setting = (MemorySegment) gensaltRn.invokeExact(prefix, (long) cost, MemorySegment.NULL, 0, out, 64);
      if (setting.equals(MemorySegment.NULL)) throw new IllegalStateException("crypt_gensalt_rn failed");
      return crypt(password, out.getString(0));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  boolean verify(String password, String hash) {
    String computed = crypt(password, hash);
    return computed != null && MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
        hash.getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code crypt_rn(password, setting)}; null when libcrypt refuses the setting. */
  private String crypt(String password, String setting) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment data = arena.allocate(CRYPT_DATA_SIZE);
      var result = (MemorySegment) cryptRn.invokeExact(arena.allocateFrom(password), arena.allocateFrom(setting),
          data, (int) CRYPT_DATA_SIZE);
      if (result.equals(MemorySegment.NULL)) return null;
      String out = result.reinterpret(128).getString(0);
      return out.startsWith("*") ? null : out; // "*0"/"*1" are libcrypt's failure tokens
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
