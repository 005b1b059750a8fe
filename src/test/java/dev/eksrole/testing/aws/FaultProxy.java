package dev.eksrole.testing.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault-injecting HTTP proxy in front of {@link FakeAws}: the SDK talks to it as to AWS, it passes
 * requests through byte for byte (so SigV4 still verifies), and it breaks the answers to chosen
 * actions the ways real networks, load balancers and services do: error statuses, HTML and empty
 * pages with status 200, well-formed answers with nothing in them, truncated bodies, resets, hangs,
 * bodies that trickle, page markers that never advance, credentials that are not there.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does to an answer. */
    public enum Fault {
        NONE,
        /** 500 with AWS's InternalFailure error. */
        HTTP_500,
        /** 503 with a load balancer's HTML page. */
        HTTP_503,
        /** 400 Throttling, every time. */
        THROTTLING,
        /** 200 with an HTML page. */
        HTML_200,
        /** 200 with well-formed XHTML: XML that is not the operation's answer. */
        XHTML_200,
        /** 200 with no body at all. */
        EMPTY_200,
        /** 200 with another operation's well-formed answer. */
        OTHER_OPERATION_200,
        /** The real answer with every list emptied: well-formed and plausible-looking. */
        EMPTY_LIST,
        /** The real answer announced in full but cut in half. */
        TRUNCATED_BODY,
        /** The connection reset as soon as the request is read. */
        RESET,
        /** The connection held open, never answered. */
        HANG,
        /** The real answer, one byte every 200 ms. */
        SLOW_BODY,
        /** The real answer, always truncated with the same marker, so paging never ends. */
        REPEATED_MARKER,
        /** AssumeRole answered 200 without credentials. */
        EMPTY_ASSUME_ROLE,
        /** 200 with a JSON body cut off mid-way, announced at its true length (EKS speaks JSON). */
        BROKEN_JSON_200
    }

    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([^&]*)");
    private static final Pattern MEMBER = Pattern.compile("<member>.*?</member>", Pattern.DOTALL);

    private final URI upstream;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger faulted = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private volatile Set<String> actions = Set.of();

    private FaultProxy(URI upstream) {
        this.upstream = upstream;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger count = new AtomicInteger();
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::accept);
    }

    /** A proxy in front of the fake's endpoint, passing everything through until told otherwise. */
    public static FaultProxy in(URI upstream) {
        return new FaultProxy(upstream);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on, answers to these actions ({@code *} for all) get this fault. */
    public FaultProxy inject(Fault fault, String... actions) {
        this.actions = Set.of(actions);
        this.fault = fault;
        if (fault != Fault.NONE) {
            faulted.set(0);
        }
        return this;
    }

    public FaultProxy heal() {
        return inject(Fault.NONE);
    }

    /** How many answers were broken since the last fault was injected (healing keeps the count). */
    public int faulted() {
        return faulted.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(FaultProxy::closeQuietly);
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                Message request = Message.read(in, true);
                if (request == null) {
                    return;
                }
                String action = action(request);
                Fault now = fault;
                boolean hit = now != Fault.NONE && (actions.contains("*") || actions.contains(action))
                        && (now != Fault.EMPTY_ASSUME_ROLE || "AssumeRole".equals(action));
                if (!hit) {
                    forward(request).write(out);
                    continue;
                }
                faulted.incrementAndGet();
                if (!answerWithFault(now, action, request, client, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or the proxy closed
        } finally {
            open.remove(client);
        }
    }

    /** @return whether the connection may carry another request */
    private boolean answerWithFault(Fault now, String action, Message request, Socket client, OutputStream out) throws IOException {
        switch (now) {
            case HTTP_500 -> xml(500, "<ErrorResponse xmlns=\"" + Xml.IAM_NS + "\"><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
                    + "<Message>We encountered an internal error. Please try again.</Message></Error><RequestId>fault-500</RequestId>"
                    + "</ErrorResponse>").write(out);
            case HTTP_503 -> html(503, "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center>"
                    + "<h1>503 Service Temporarily Unavailable</h1></center></body></html>").write(out);
            case THROTTLING -> xml(400, "<ErrorResponse xmlns=\"" + Xml.IAM_NS + "\"><Error><Type>Sender</Type><Code>Throttling</Code>"
                    + "<Message>Rate exceeded</Message></Error><RequestId>fault-throttle</RequestId></ErrorResponse>").write(out);
            case HTML_200 -> html(200, "<html><body><h1>Welcome to the corporate proxy</h1><p>Please sign in.</body></html>").write(out);
            case XHTML_200 -> xml(200, "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Sign in"
                    + "</title></head><body><p>Please sign in.</p></body></html>").write(out);
            case EMPTY_200 -> xml(200, "").write(out);
            case OTHER_OPERATION_200 -> xml(200, "<GetAccountSummaryResponse xmlns=\"" + Xml.IAM_NS + "\"><GetAccountSummaryResult>"
                    + "<SummaryMap/></GetAccountSummaryResult><ResponseMetadata><RequestId>fault-other</RequestId></ResponseMetadata>"
                    + "</GetAccountSummaryResponse>").write(out);
            case EMPTY_LIST -> {
                Message real = forward(request);
                real.withBody(MEMBER.matcher(real.text()).replaceAll("")).write(out);
            }
            case REPEATED_MARKER -> {
                Message real = forward(request);
                String body = real.text();
                if (body.contains("<IsTruncated>")) {
                    body = body.replaceAll("<IsTruncated>false</IsTruncated>", "<IsTruncated>true</IsTruncated>")
                            .replaceAll("<Marker>[^<]*</Marker>", "");
                    body = body.replace("</IsTruncated>", "</IsTruncated><Marker>c2FtZS1tYXJrZXI=</Marker>");
                }
                real.withBody(body).write(out);
            }
            case BROKEN_JSON_200 -> Message.response(200, "application/json", "{\"clusters\":[\"prod\",").write(out);
            case EMPTY_ASSUME_ROLE -> xml(200, "<AssumeRoleResponse xmlns=\"" + Xml.STS_NS + "\"><AssumeRoleResult/>"
                    + "<ResponseMetadata><RequestId>fault-empty</RequestId></ResponseMetadata></AssumeRoleResponse>").write(out);
            case TRUNCATED_BODY -> {
                Message real = forward(request);
                byte[] body = real.body;
                out.write(real.head(body.length));
                out.write(body, 0, body.length / 2);
                out.flush();
                return false;
            }
            case RESET -> {
                client.setSoLinger(true, 0);
                return false;
            }
            case HANG -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
            case SLOW_BODY -> {
                Message real = forward(request);
                out.write(real.head(real.body.length));
                out.flush();
                for (byte b : real.body) {
                    out.write(b);
                    out.flush();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
            case NONE -> forward(request).write(out);
        }
        return true;
    }

    private Message forward(Message request) throws IOException {
        try (Socket socket = new Socket(upstream.getHost(), upstream.getPort())) {
            request.write(socket.getOutputStream());
            Message response = Message.read(socket.getInputStream(), false);
            if (response == null) {
                throw new IOException("the fake closed the connection");
            }
            return response;
        }
    }

    /** EKS's REST paths and the operations they are, for the reads a check makes. */
    private static final List<Map.Entry<Pattern, String>> EKS_READS = List.of(
            Map.entry(Pattern.compile("GET /clusters"), "ListClusters"),
            Map.entry(Pattern.compile("GET /clusters/[^/]+"), "DescribeCluster"),
            Map.entry(Pattern.compile("GET /clusters/[^/]+/node-groups"), "ListNodegroups"),
            Map.entry(Pattern.compile("GET /clusters/[^/]+/node-groups/[^/]+"), "DescribeNodegroup"),
            Map.entry(Pattern.compile("GET /clusters/[^/]+/access-entries"), "ListAccessEntries"),
            Map.entry(Pattern.compile("GET /clusters/[^/]+/access-entries/[^/]+"), "DescribeAccessEntry"));

    private static String action(Message request) {
        String method = request.startLine.split(" ")[0];
        String path = request.target.contains("?") ? request.target.substring(0, request.target.indexOf('?')) : request.target;
        for (Map.Entry<Pattern, String> read : EKS_READS) {
            if (read.getKey().matcher(method + " " + path).matches()) {
                return read.getValue();
            }
        }
        String query = request.target.contains("?") ? request.target.substring(request.target.indexOf('?') + 1) : "";
        for (String form : List.of(request.text(), query)) {
            Matcher m = ACTION.matcher(form);
            if (m.find()) {
                return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static Message xml(int status, String body) {
        return Message.response(status, "text/xml", body);
    }

    private static Message html(int status, String body) {
        return Message.response(status, "text/html", body);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** One HTTP/1.1 message with a Content-Length body (all the SDK and the fake send here). */
    private static final class Message {
        final String startLine;
        final String target;
        final Map<String, String> headers;
        final byte[] body;

        Message(String startLine, Map<String, String> headers, byte[] body) {
            this.startLine = startLine;
            String[] parts = startLine.split(" ");
            this.target = parts.length > 1 ? parts[1] : "";
            this.headers = headers;
            this.body = body;
        }

        static Message response(int status, String contentType, String body) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType);
            headers.put("x-amzn-RequestId", "fault-" + status);
            return new Message("HTTP/1.1 " + status + " " + (status == 200 ? "OK" : "Fault"), headers,
                    body.getBytes(StandardCharsets.UTF_8));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Message withBody(String text) {
            return new Message(startLine, headers, text.getBytes(StandardCharsets.UTF_8));
        }

        byte[] head(int contentLength) {
            StringBuilder head = new StringBuilder(startLine).append("\r\n");
            headers.forEach((name, value) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals("content-length") && !lower.equals("transfer-encoding") && !lower.equals("connection")) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            });
            head.append("Content-Length: ").append(contentLength).append("\r\n\r\n");
            return head.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        void write(OutputStream out) throws IOException {
            out.write(head(body.length));
            out.write(body);
            out.flush();
        }

        /** @return {@code null} at the end of the stream before a message starts */
        static Message read(InputStream in, boolean request) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0d0a0d0a) {
                int b = in.read();
                if (b < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new SocketException("connection closed inside the headers");
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            int length = 0;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    String name = lines[i].substring(0, colon).trim();
                    String value = lines[i].substring(colon + 1).trim();
                    headers.put(name, value);
                    if (name.equalsIgnoreCase("content-length")) {
                        length = Integer.parseInt(value);
                    }
                }
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new SocketException("connection closed inside the body");
            }
            if (request) {
                headers.keySet().removeIf(name -> name.equalsIgnoreCase("connection"));
            }
            return new Message(lines[0], headers, body);
        }
    }
}
