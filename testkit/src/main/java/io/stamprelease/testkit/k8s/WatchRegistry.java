package io.stamprelease.testkit.k8s;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** The open watch WebSockets, so that a fault can close them all as a dropped connection would. */
final class WatchRegistry {

  private final Set<WebSocket> open = ConcurrentHashMap.newKeySet();
  /**
   * fabric8's watch listener waits for its sender pool to terminate inside onClosed/onFailure; called on the
   * mock server's Vert.x event loop that wait stalls every request of the cluster for seconds. Closing
   * work therefore runs here, off the event loop.
   */
  private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "watch-closer");
    t.setDaemon(true);
    return t;
  });

  /** Wraps the CRUD store's watch listener to learn the WebSocket once it is open. */
  WebSocketListener track(WebSocketListener watch) {
    return new TrackingListener(watch);
  }

  /** Waits until at least {@code count} watches are open; false when the deadline passes first. */
  synchronized boolean awaitOpen(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (open.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private synchronized void opened(WebSocket socket) {
    open.add(socket);
    notifyAll();
  }

  /** @return how many watches were closed */
  int closeAll() {
    int closed = 0;
    for (WebSocket socket : open) {
      open.remove(socket);
      // 1001 "going away" is what a server sends when it drops a connection; clients must reconnect
      socket.close(1001, "simulated watch cut");
      closed++;
    }
    return closed;
  }

  /** When the whole cluster is closing, Vert.x refuses the listener's clean-up; there is nothing left to clean. */
  private static void quietly(Runnable closing) {
    try {
      closing.run();
    } catch (RejectedExecutionException shuttingDown) {
      // the server's event loop is already gone
    }
  }

  private final class TrackingListener extends WebSocketListener {
    private final WebSocketListener delegate;

    TrackingListener(WebSocketListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onBeforeAccept(WebSocket socket, Response response) {
      delegate.onBeforeAccept(socket, response);
    }

    @Override
    public void onOpen(WebSocket socket, Response response) {
      opened(socket);
      delegate.onOpen(socket, response);
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
      delegate.onMessage(socket, text);
    }

    @Override
    @SuppressWarnings("deprecation") // still part of the listener contract fabric8's mock calls
    public void onMessage(WebSocket socket, ByteString bytes) {
      delegate.onMessage(socket, bytes);
    }

    @Override
    public void onMessage(WebSocket socket, byte[] bytes) {
      delegate.onMessage(socket, bytes);
    }

    @Override
    public void onClosing(WebSocket socket, int code, String reason) {
      open.remove(socket);
      delegate.onClosing(socket, code, reason);
    }

    @Override
    public void onClosed(WebSocket socket, int code, String reason) {
      open.remove(socket);
      closer.execute(() -> quietly(() -> delegate.onClosed(socket, code, reason)));
    }

    @Override
    public void onFailure(WebSocket socket, Throwable failure, Response response) {
      open.remove(socket);
      closer.execute(() -> quietly(() -> delegate.onFailure(socket, failure, response)));
    }
  }
}
