package moodstream.core.image;

import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Locale;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * Reads a JPEG's header and verifies its structure and entropy-coded data, so that a JPEG handed
 * to OpenCV is one libjpeg would decode without a warning.
 *
 * <p>Why: through ImageIO every libjpeg warning made an image {@link ImageError#CORRUPT}
 * ({@link ImageDecoder}'s warning rule). OpenCV's {@code imdecode} installs only an error handler:
 * libjpeg's warnings (a scan of noise, a SOF9 marker over Huffman data, a cut mid-scan, a missing
 * EOI) go to stderr and the garbled or grey picture comes back as a success. So before OpenCV
 * decodes, this walks every marker segment (lengths inside the file, one frame header, a scan
 * header that fits the frame, an EOI at the end) and Huffman-decodes every scan without
 * dequantizing or transforming anything: every code must exist in its table, no coefficient
 * index may pass 63 (or the scan's band), restart markers must come in sequence where the
 * restart interval says, a progressive scan must refine what an earlier scan started, and each
 * scan must end exactly where its last block does (libjpeg warns of "extraneous bytes" past it
 * and fills a short scan with grey). These are the conditions under which libjpeg's Huffman
 * decoders (jdhuff.c, jdphuff.c) warn.
 *
 * <p>Hand-written because no Java library checks a JPEG without decoding it (the readers that
 * exist decode, which is the cost OpenCV is there to avoid); it costs about one Huffman decode,
 * measured in docs/performance.md. It holds a few KB of tables on the heap; a progressive JPEG's
 * record of which coefficients are non-zero (8 bytes a block) is native, freed when the check
 * returns.
 */
final class JpegCheck {
    private static final int SOF0 = 0xC0;
    private static final int SOF1 = 0xC1;
    private static final int SOF2 = 0xC2;
    private static final int DHT = 0xC4;
    private static final int SOS = 0xDA;
    private static final int DRI = 0xDD;
    private static final int EOI = 0xD9;
    private static final int APP1 = 0xE1;

    private JpegCheck() {
    }

    /**
     * What the frame header and the Exif orientation say, before any scan is read.
     *
     * @param sof         the frame marker (0xC0 baseline ... 0xCF)
     * @param orientation the Exif orientation 1..8 (1 when there is none or it is unreadable)
     */
    record Header(int sof, int precision, int width, int height, int components, int orientation) {
        /** Huffman-coded, 8-bit, gray or three-component: what {@link JpegCheck#verify} checks and OpenCV decodes. */
        boolean checkable() {
            return (sof == SOF0 || sof == SOF1 || sof == SOF2) && precision == 8 && (components == 1 || components == 3);
        }

        /** Orientations 5..8 swap the axes: the displayed width is the stored height. */
        boolean transposed() {
            return orientation >= 5;
        }
    }

    /** Parses the markers up to the first scan. */
    static Header header(byte[] b) {
        int orientation = 1;
        boolean exifSeen = false;
        int at = 2;
        while (true) {
            at = nextMarker(b, at, "before the first scan");
            int marker = b[at + 1] & 0xFF;
            if (marker == SOS || marker == EOI || isStandalone(marker)) {
                throw corrupt(marker == SOS ? "a scan comes before the frame header" : String.format(Locale.ROOT,
                        "marker 0x%02X before the frame header", marker));
            }
            int length = segmentLength(b, at);
            if (isSof(marker)) {
                if (length < 8) {
                    throw corrupt("frame header of " + length + " bytes");
                }
                int precision = b[at + 4] & 0xFF;
                int height = u16(b, at + 5);
                int width = u16(b, at + 7);
                int components = b[at + 9] & 0xFF;
                if (length != 8 + 3 * components || components == 0) {
                    throw corrupt("frame header of " + length + " bytes for " + components + " components");
                }
                if (height == 0) {
                    // A height given later by a DNL marker: neither libjpeg build supports it.
                    throw corrupt("the frame header declares height 0 (DNL)");
                }
                return new Header(marker, precision, width, height, components, orientation);
            }
            if (marker == APP1 && !exifSeen && isExif(b, at + 4, length - 2)) {
                exifSeen = true;
                orientation = exifOrientation(b, at + 4 + 6, length - 2 - 6);
            }
            at += 2 + length;
        }
    }

    /**
     * Walks every segment and Huffman-decodes every scan of a {@link Header#checkable()} JPEG.
     *
     * @throws InvalidImageException CORRUPT, saying what is wrong and where
     */
    static void verify(byte[] b, Header header) {
        try (PointerScope scope = new PointerScope()) {
            new Walk(b, header).run();
        }
    }

    /** The state of one walk: tables, restart interval, frame, what each scan has coded so far. */
    private static final class Walk {
        private final byte[] b;
        private final Header header;
        private final Huffman[] dc = new Huffman[4];
        private final Huffman[] ac = new Huffman[4];
        private int restartInterval;
        private int[] ids;
        private int[] h;
        private int[] v;
        private int hMax;
        private int vMax;
        /** Per component and coefficient: the Al of the last scan that coded it, -1 before any. */
        private int[][] coefBits;
        /** Progressive only: per component, per block, a bit per zigzag index that is non-zero. */
        private LongBuffer[] nonZero;

        Walk(byte[] b, Header header) {
            this.b = b;
            this.header = header;
        }

        void run() {
            int at = 2;
            boolean frame = false;
            int scans = 0;
            while (true) {
                at = nextMarker(b, at, scans == 0 ? "before the first scan" : "after scan " + scans + " (no EOI)");
                int marker = b[at + 1] & 0xFF;
                if (marker == EOI) {
                    if (scans == 0) {
                        throw corrupt("no scan before EOI");
                    }
                    for (int c = 0; c < ids.length; c++) {
                        if (coefBits[c][0] < 0) {
                            throw corrupt("component " + ids[c] + " is in no scan");
                        }
                    }
                    return;
                }
                if (isStandalone(marker)) {
                    throw corrupt(String.format(Locale.ROOT, "marker 0x%02X outside a scan", marker));
                }
                int length = segmentLength(b, at);
                int body = at + 4;
                if (isSof(marker)) {
                    if (frame) {
                        throw corrupt("a second frame header");
                    }
                    frame(body);
                    frame = true;
                } else if (marker == DHT) {
                    tables(body, length - 2);
                } else if (marker == DRI) {
                    if (length != 4) {
                        throw corrupt("DRI segment of " + length + " bytes");
                    }
                    restartInterval = u16(b, body);
                } else if (marker == SOS) {
                    if (!frame) {
                        throw corrupt("a scan before the frame header");
                    }
                    scans++;
                    at = scan(body, length - 2, scans);
                    continue;
                }
                at += 2 + length;
            }
        }

        private void frame(int at) {
            int n = header.components();
            ids = new int[n];
            h = new int[n];
            v = new int[n];
            coefBits = new int[n][64];
            for (int c = 0; c < n; c++) {
                ids[c] = b[at + 6 + 3 * c] & 0xFF;
                int sampling = b[at + 7 + 3 * c] & 0xFF;
                h[c] = sampling >> 4;
                v[c] = sampling & 15;
                if (h[c] < 1 || h[c] > 4 || v[c] < 1 || v[c] > 4) {
                    throw corrupt("component " + ids[c] + " has sampling factors " + h[c] + "x" + v[c]);
                }
                hMax = Math.max(hMax, h[c]);
                vMax = Math.max(vMax, v[c]);
                java.util.Arrays.fill(coefBits[c], -1);
            }
            if (header.sof() == SOF2) {
                nonZero = new LongBuffer[n];
                for (int c = 0; c < n; c++) {
                    long blocks = (long) blocksWide(c) * blocksHigh(c);
                    LongPointer p = new LongPointer(blocks);
                    Pointer.memset(p, 0, blocks * Long.BYTES);
                    nonZero[c] = p.asByteBuffer().order(ByteOrder.nativeOrder()).asLongBuffer();
                }
            }
        }

        private int blocksWide(int c) {
            return ceilDiv(ceilDiv(header.width() * h[c], hMax), 8);
        }

        private int blocksHigh(int c) {
            return ceilDiv(ceilDiv(header.height() * v[c], vMax), 8);
        }

        private void tables(int at, int length) {
            int end = at + length;
            while (at < end) {
                if (at + 17 > end) {
                    throw corrupt("DHT segment cut inside a table");
                }
                int tc = (b[at] & 0xFF) >> 4;
                int th = b[at] & 15;
                if (tc > 1 || th > 3) {
                    throw corrupt("DHT table class " + tc + " id " + th);
                }
                int total = 0;
                for (int i = 1; i <= 16; i++) {
                    total += b[at + i] & 0xFF;
                }
                if (total > 256 || at + 17 + total > end) {
                    throw corrupt("DHT table of " + total + " symbols does not fit its segment");
                }
                Huffman table = Huffman.of(b, at + 1, at + 17, tc == 0);
                (tc == 0 ? dc : ac)[th] = table;
                at += 17 + total;
            }
        }

        /** Checks the scan header at {@code at} and decodes its data; returns where the next marker is. */
        private int scan(int at, int length, int number) {
            int ns = b[at] & 0xFF;
            if (ns < 1 || ns > 4 || length != 4 + 2 * ns) {
                throw corrupt("scan header of " + length + " bytes for " + ns + " components");
            }
            int[] comps = new int[ns];
            Huffman[] dcTables = new Huffman[ns];
            Huffman[] acTables = new Huffman[ns];
            int p = at + 1 + 2 * ns;
            int ss = b[p] & 0xFF;
            int se = b[p + 1] & 0xFF;
            int ah = (b[p + 2] & 0xFF) >> 4;
            int al = b[p + 2] & 15;
            boolean progressive = header.sof() == SOF2;
            if (progressive) {
                boolean bad = ss == 0 ? se != 0 : se < ss || se > 63 || ns != 1;
                if (bad || al > 13 || ah != 0 && ah != al + 1) {
                    throw corrupt(String.format(Locale.ROOT, "scan %d: bad progression Ss=%d Se=%d Ah=%d Al=%d", number, ss, se, ah, al));
                }
            } else if (ss != 0 || se != 63 || ah != 0 || al != 0) {
                throw corrupt(String.format(Locale.ROOT, "scan %d: a sequential scan with Ss=%d Se=%d Ah=%d Al=%d", number, ss, se, ah, al));
            }
            for (int i = 0; i < ns; i++) {
                int id = b[at + 1 + 2 * i] & 0xFF;
                int c = indexOf(id);
                if (c < 0 || contains(comps, i, c)) {
                    throw corrupt("scan " + number + " names component " + id + ", which the frame does not have (or twice)");
                }
                comps[i] = c;
                int tables = b[at + 2 + 2 * i] & 0xFF;
                if (ss == 0 && ah == 0) {
                    dcTables[i] = table(dc, tables >> 4, "DC", number);
                }
                if (se > 0) {
                    acTables[i] = table(ac, tables & 15, "AC", number);
                }
                for (int k = ss; k <= se; k++) {
                    int before = coefBits[c][k];
                    boolean ok = ah == 0 ? before < 0 : before == ah;
                    if (!ok || k > 0 && coefBits[c][0] < 0) {
                        throw corrupt("scan " + number + " codes coefficient " + k + " of component " + id
                                + " out of progression order");
                    }
                    coefBits[c][k] = al;
                }
            }
            Bits bits = new Bits(b, at + length);
            decode(bits, comps, dcTables, acTables, ss, se, ah, number);
            return bits.endOfScan(number);
        }

        private Huffman table(Huffman[] tables, int id, String kind, int scan) {
            Huffman t = id < 4 ? tables[id] : null;
            if (t == null) {
                throw corrupt("scan " + scan + " uses " + kind + " table " + id + ", which is not defined");
            }
            return t;
        }

        private void decode(Bits bits, int[] comps, Huffman[] dcTables, Huffman[] acTables, int ss, int se, int ah, int scan) {
            boolean interleaved = comps.length > 1;
            int mcusWide = interleaved ? ceilDiv(header.width(), 8 * hMax) : blocksWide(comps[0]);
            int mcusHigh = interleaved ? ceilDiv(header.height(), 8 * vMax) : blocksHigh(comps[0]);
            long mcus = (long) mcusWide * mcusHigh;
            int eobRun = 0;
            int restarts = 0;
            for (long m = 0; m < mcus; m++) {
                if (restartInterval > 0 && m > 0 && m % restartInterval == 0) {
                    bits.restart(restarts++ & 7, scan);
                    eobRun = 0; // and the DC predictors, which a check that computes no values need not track
                }
                if (!interleaved) {
                    eobRun = block(bits, comps[0], m, dcTables[0], acTables[0], ss, se, ah, eobRun, scan);
                    continue;
                }
                for (int i = 0; i < comps.length; i++) {
                    int blocks = h[comps[i]] * v[comps[i]];
                    for (int k = 0; k < blocks; k++) {
                        eobRun = block(bits, comps[i], -1, dcTables[i], acTables[i], ss, se, ah, eobRun, scan);
                    }
                }
            }
        }

        /** Decodes one block's share of a scan; returns the end-of-band run left after it. */
        private int block(Bits bits, int c, long blockIndex, Huffman dcTable, Huffman acTable, int ss, int se, int ah,
                int eobRun, int scan) {
            if (ss == 0) {
                if (ah == 0) {
                    int s = dcTable.decode(bits, scan);
                    bits.skip(s, scan);
                } else {
                    bits.skip(1, scan);
                }
                if (se == 0) {
                    return 0;
                }
                // A sequential block: 63 AC coefficients follow, never run over.
                for (int k = 1; k <= 63; k++) {
                    int rs = acTable.decode(bits, scan);
                    int r = rs >> 4;
                    int s = rs & 15;
                    if (s == 0) {
                        if (r != 15) {
                            break;
                        }
                        k += 15;
                    } else {
                        k += r;
                        bits.skip(s, scan);
                    }
                    if (k > 63) {
                        throw corrupt("scan " + scan + ": a block codes a coefficient past index 63");
                    }
                }
                return 0;
            }
            if (ah == 0 && eobRun > 0) {
                return eobRun - 1; // inside an end-of-band run: nothing coded, nothing becomes non-zero
            }
            LongBuffer masks = nonZero[c];
            int i = (int) blockIndex;
            long mask = masks.get(i);
            if (ah == 0) {
                for (int k = ss; k <= se; k++) {
                    int rs = acTable.decode(bits, scan);
                    int r = rs >> 4;
                    int s = rs & 15;
                    if (s == 0) {
                        if (r < 15) {
                            int run = (1 << r) + bits.take(r, scan) - 1;
                            masks.put(i, mask);
                            return run;
                        }
                        k += 15;
                    } else {
                        k += r;
                        if (k > se) {
                            throw corrupt("scan " + scan + ": a coefficient past the band's end " + se);
                        }
                        bits.skip(s, scan);
                        mask |= 1L << k;
                    }
                }
                masks.put(i, mask);
                return 0;
            }
            // Refinement (jdphuff.c decode_mcu_AC_refine): a correction bit for every coefficient
            // already non-zero that the decoder passes, one new coefficient of magnitude 1 at a time.
            int k = ss;
            if (eobRun == 0) {
                for (; k <= se; k++) {
                    int rs = acTable.decode(bits, scan);
                    int r = rs >> 4;
                    int s = rs & 15;
                    if (s != 0) {
                        if (s != 1) {
                            throw corrupt("scan " + scan + ": a refinement codes a new coefficient of size " + s);
                        }
                        bits.skip(1, scan);
                    } else if (r != 15) {
                        eobRun = (1 << r) + bits.take(r, scan);
                        break;
                    }
                    // Walk to the (r+1)-th still-zero coefficient, a correction bit for each non-zero
                    // one passed: libjpeg's loop, with bit operations on the mask in place of the walk.
                    long zeros = ~mask & band(k, se);
                    for (int z = 0; z < r && zeros != 0; z++) {
                        zeros &= zeros - 1;
                    }
                    int target = zeros == 0 ? se + 1 : Long.numberOfTrailingZeros(zeros);
                    skipCorrections(bits, mask & band(k, target - 1), scan);
                    k = target;
                    if (s != 0) {
                        if (k > se) {
                            throw corrupt("scan " + scan + ": a refinement codes a coefficient past the band's end " + se);
                        }
                        mask |= 1L << k;
                    }
                }
            }
            if (eobRun > 0) {
                // One correction bit for each non-zero coefficient left in the band: their values do
                // not matter here, only how many there are (a bit count, not a walk of the band).
                skipCorrections(bits, mask & band(k, se), scan);
                eobRun--;
            }
            masks.put(i, mask);
            return eobRun;
        }

        /** Bits k..last (zigzag indices) set; none when k > last. */
        private static long band(int k, int last) {
            if (k > last || k > 63) {
                return 0;
            }
            return (last >= 63 ? -1L : (1L << (last + 1)) - 1) & (-1L << k);
        }

        private static void skipCorrections(Bits bits, long nonZeroPassed, int scan) {
            int corrections = Long.bitCount(nonZeroPassed);
            while (corrections > 0) {
                int n = Math.min(corrections, 32);
                bits.skip(n, scan);
                corrections -= n;
            }
        }

        private int indexOf(int id) {
            for (int c = 0; c < ids.length; c++) {
                if (ids[c] == id) {
                    return c;
                }
            }
            return -1;
        }
    }

    /** A canonical Huffman table: a 9-bit lookup for the common short codes, libjpeg's maxcode rule past it. */
    private static final class Huffman {
        private static final int FAST = 9;
        /** (code length << 8) | symbol for every 9-bit prefix that completes a code; 0 otherwise. */
        private final int[] fast = new int[1 << FAST];
        private final int[] maxCode = new int[18];
        private final int[] offset = new int[17];
        private final int[] symbols;

        private Huffman(int[] symbols) {
            this.symbols = symbols;
        }

        static Huffman of(byte[] b, int counts, int values, boolean dc) {
            int total = 0;
            for (int i = 0; i < 16; i++) {
                total += b[counts + i] & 0xFF;
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = b[values + i] & 0xFF;
                if (dc && symbols[i] > 15) {
                    // jdhuff.c refuses such a DC table (JERR_BAD_HUFF_TABLE).
                    throw corrupt("DC Huffman table with symbol " + symbols[i]);
                }
            }
            Huffman t = new Huffman(symbols);
            int code = 0;
            int k = 0;
            for (int len = 1; len <= 16; len++) {
                int n = b[counts + len - 1] & 0xFF;
                t.offset[len] = k - code;
                for (int j = 0; j < n; j++, k++, code++) {
                    // Before the code is used: a table whose counts overflow would index past the
                    // lookup (found by PreprocessFuzzTest, FuzzFindingsTest keeps the input).
                    if (code >= (1 << len) - 1) {
                        throw corrupt("Huffman table whose codes overflow " + len + " bits");
                    }
                    if (len <= FAST) {
                        int shift = FAST - len;
                        for (int fill = 0; fill < 1 << shift; fill++) {
                            t.fast[(code << shift) | fill] = (len << 8) | symbols[k];
                        }
                    }
                }
                // jdhuff.c (JERR_BAD_HUFF_TABLE): the codes of a length must fit it, the all-ones code excluded.
                if (code >= 1 << len) {
                    throw corrupt("Huffman table whose codes overflow " + len + " bits");
                }
                t.maxCode[len] = n == 0 ? -1 : code - 1;
                code <<= 1;
            }
            t.maxCode[17] = Integer.MAX_VALUE;
            return t;
        }

        int decode(Bits bits, int scan) {
            int peek = bits.peek(16);
            int hit = fast[peek >>> (16 - FAST)];
            if (hit != 0) {
                bits.skip(hit >> 8, scan);
                return hit & 0xFF;
            }
            for (int len = FAST + 1; len <= 16; len++) {
                int code = peek >>> (16 - len);
                if (code <= maxCode[len]) {
                    bits.skip(len, scan);
                    return symbols[code + offset[len]];
                }
            }
            throw corrupt("scan " + scan + ": a bit pattern that is no code of its Huffman table");
        }
    }

    /**
     * Entropy-coded bits: 0xFF 0x00 is a data byte 0xFF, 0xFF 0xD0..D7 a restart marker, any other
     * 0xFF xx the end of the scan. Past the end it reads zeros, and a decode that uses them fails.
     */
    private static final class Bits {
        private final byte[] b;
        private int at;
        private long buffer;
        private int count;
        /** Where the marker that ended the data is, once met; -1 before. */
        private int marker = -1;
        /** Bits of zeros supplied past the marker (or the file's end). */
        private int padded;

        Bits(byte[] b, int at) {
            this.b = b;
            this.at = at;
        }

        private void fill() {
            while (count <= 56) {
                int next = 0;
                if (marker < 0) {
                    if (at >= b.length) {
                        marker = at;
                    } else {
                        int x = b[at] & 0xFF;
                        if (x != 0xFF) {
                            next = x;
                            at++;
                        } else if (at + 1 < b.length && b[at + 1] == 0) {
                            next = 0xFF;
                            at += 2;
                        } else {
                            marker = at;
                        }
                    }
                }
                if (marker >= 0) {
                    padded += 8;
                }
                buffer |= (long) next << (56 - count);
                count += 8;
            }
        }

        int peek(int n) {
            if (count < n) {
                fill();
            }
            return (int) (buffer >>> (64 - n));
        }

        void skip(int n, int scan) {
            if (n == 0) {
                return;
            }
            if (count < n) {
                fill();
            }
            buffer <<= n;
            count -= n;
            if (padded > count) {
                throw corrupt(marker >= b.length ? "the file ends inside scan " + scan
                        : "scan " + scan + " ends early, at a marker, with blocks still to decode");
            }
        }

        int take(int n, int scan) {
            int value = n == 0 ? 0 : peek(n);
            skip(n, scan);
            return value;
        }

        /** After the last block: the rest of the current byte is padding, and a marker must follow at once. */
        int endOfScan(int scan) {
            int wholeBytesLeft = (count - padded) / 8;
            if (wholeBytesLeft > 0 || marker < 0 && !atMarker(at)) {
                throw corrupt("scan " + scan + " has data after its last block (libjpeg: extraneous bytes before marker)");
            }
            int end = marker >= 0 ? marker : at;
            if (end >= b.length) {
                throw corrupt("the file ends after scan " + scan + " without EOI");
            }
            return end;
        }

        /** 0xFF followed by anything but a stuffing 0x00 (or the end of the file). */
        private boolean atMarker(int i) {
            return i < b.length && (b[i] & 0xFF) == 0xFF && (i + 1 >= b.length || b[i + 1] != 0);
        }

        /** Expects restart marker RSTn where the data is byte-aligned. */
        void restart(int n, int scan) {
            int wholeBytesLeft = (count - padded) / 8;
            int markerAt = marker >= 0 ? marker : at;
            if (wholeBytesLeft > 0 || markerAt + 1 >= b.length || (b[markerAt] & 0xFF) != 0xFF
                    || (b[markerAt + 1] & 0xFF) != 0xD0 + n) {
                throw corrupt("scan " + scan + ": restart marker RST" + n + " missing where the restart interval puts it");
            }
            at = markerAt + 2;
            marker = -1;
            buffer = 0;
            count = 0;
            padded = 0;
        }
    }

    private static int nextMarker(byte[] b, int at, String where) {
        if (at + 1 >= b.length) {
            throw corrupt("the file ends " + where);
        }
        if ((b[at] & 0xFF) != 0xFF) {
            throw corrupt(String.format(Locale.ROOT, "no marker at byte %,d %s (libjpeg: extraneous bytes)", at, where));
        }
        while (at + 1 < b.length && (b[at + 1] & 0xFF) == 0xFF) {
            at++; // fill bytes
        }
        if (at + 1 >= b.length) {
            throw corrupt("the file ends " + where);
        }
        if ((b[at + 1] & 0xFF) == 0x00) {
            throw corrupt(String.format(Locale.ROOT, "a stuffed 0xFF00 at byte %,d %s", at, where));
        }
        return at;
    }

    private static int segmentLength(byte[] b, int at) {
        if (at + 4 > b.length) {
            throw corrupt(String.format(Locale.ROOT, "the file ends inside the marker segment at byte %,d", at));
        }
        int length = u16(b, at + 2);
        if (length < 2 || at + 2 + length > b.length) {
            throw corrupt(String.format(Locale.ROOT, "the segment of marker 0x%02X at byte %,d declares %,d bytes, %s",
                    b[at + 1] & 0xFF, at, length, length < 2 ? "fewer than its length field" : "past the end of the file"));
        }
        return length;
    }

    private static boolean isSof(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean isStandalone(int marker) {
        return marker == 0x01 || marker >= 0xD0 && marker <= 0xD8;
    }

    private static boolean isExif(byte[] b, int at, int length) {
        return length >= 6 && b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0 && b[at + 5] == 0;
    }

    /**
     * The Orientation tag (0x0112) of IFD0, 1 when absent or out of range. Hand-written rather than
     * a TIFF library because one SHORT of the first directory is all that is needed, read within
     * the APP1 segment's bounds without allocating: a full TIFF reader follows every directory a
     * hostile file links to.
     */
    static int exifOrientation(byte[] b, int tiff, int length) {
        if (length < 8) {
            return 1;
        }
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        long ifd = u32(b, tiff + 4, little);
        if (ifd < 8 || ifd + 2 > length) {
            return 1;
        }
        int entries = u16(b, tiff + (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = tiff + (int) ifd + 2 + 12 * i;
            if (entry + 12 > tiff + length) {
                return 1;
            }
            if (u16(b, entry, little) == 0x0112) {
                int type = u16(b, entry + 2, little);
                int value = type == 3 ? u16(b, entry + 8, little) : -1;
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int u16(byte[] b, int at, boolean little) {
        return little ? (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8) : u16(b, at);
    }

    private static long u32(byte[] b, int at, boolean little) {
        long hi = u16(b, little ? at + 2 : at, little);
        long lo = u16(b, little ? at : at + 2, little);
        return (hi << 16) | lo;
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static InvalidImageException corrupt(String what) {
        return new InvalidImageException(ImageError.CORRUPT, "JPEG image is corrupt: " + what);
    }
}
