package dev.switchboard.engineio;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A container-specific fast path, behind a check, for the {@link WriteLanes} threads on Grizzly (the HTTP layer of
 * Payara and GlassFish). Grizzly gives each write a fresh output buffer (here 14 KB, zeroed) unless the writing
 * thread is one of its own worker threads, which carve buffers out of a thread-local pool; a JFR profile of the
 * benchmark's fan-out put a third of the writer threads' CPU into those allocations. So where Grizzly's classes
 * are visible, the lanes run on Grizzly worker threads with such a pool. They carry no application context: the
 * lanes only move bytes and hand anything else (a failed write, which runs application callbacks) to a managed
 * thread. Anywhere else, or when {@code switchboard.engine.grizzly-writer-threads} is {@code false}, the lanes
 * run on the container's managed threads (the portable path).
 */
final class GrizzlyWriterThreads {

    private static final Logger LOG = Logger.getLogger(GrizzlyWriterThreads.class.getName());

    private GrizzlyWriterThreads() {
    }

    /** Grizzly worker threads when possible, else {@code managed}. */
    static ThreadFactory orElse(ThreadFactory managed, boolean enabled) {
        if (!enabled) {
            return managed;
        }
        try {
            ClassLoader loader = GrizzlyWriterThreads.class.getClassLoader();
            Class<?> worker = Class.forName("org.glassfish.grizzly.threadpool.DefaultWorkerThread", false, loader);
            Class<?> attributes = Class.forName("org.glassfish.grizzly.attributes.AttributeBuilder", false, loader);
            Class<?> pool = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPool", false, loader);
            Class<?> memory = Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, loader);
            Class<?> provider = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPoolProvider", false, loader);
            Object builder = attributes.getField("DEFAULT_ATTRIBUTE_BUILDER").get(null);
            Object manager = memory.getField("DEFAULT_MEMORY_MANAGER").get(null);
            if (!provider.isInstance(manager)) {
                throw new ClassCastException(manager.getClass().getName() + " has no thread-local pools");
            }
            Method createPool = provider.getMethod("createThreadLocalPool");
            Constructor<?> create = worker.getConstructor(attributes, String.class, pool, Runnable.class);
            ClassLoader app = Thread.currentThread().getContextClassLoader();
            ThreadFactory grizzly = r -> {
                try {
                    Thread t = (Thread) create.newInstance(builder, "switchboard-writer", createPool.invoke(manager), r);
                    t.setContextClassLoader(app);
                    return t;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create a Grizzly worker thread", e);
                }
            };
            grizzly.newThread(() -> { }); // fails here, not later, if the constructor does not work
            return grizzly;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "writer threads are managed threads (no Grizzly worker threads: {0})", e.toString());
            return managed;
        }
    }
}
